using System.Net;
using System.Text.Json.Nodes;
using Coffer.Core.Routing;

namespace Coffer.Core.Tests.CoreFlow;

public sealed class UiMountsTests
{
    private static Request Read(string path, string? token) => new() { Operation = Operation.Read, Path = path, ClientToken = token };

    [Fact]
    public async Task PreflightNamesTheMountContainingThePath()
    {
        var h = await CoreHarness.StartAsync();
        foreach (var prefix in new[] { "sys/internal/ui/mounts/", "sys/mounts-all/" })
        {
            var answer = await h.Core.HandleAsync(Read(prefix + "secret/app/db", h.RootToken));
            Assert.Equal("secret/", answer!.Data!["path"]!.GetValue<string>());
            Assert.Equal("kv", answer.Data["type"]!.GetValue<string>());
        }
        var empty = await Assert.ThrowsAsync<CofferError>(() => h.Core.HandleAsync(Read("sys/internal/ui/mounts/", h.RootToken)));
        Assert.Equal(HttpStatusCode.BadRequest, empty.Status);
    }

    [Fact]
    public async Task CallersWithoutAccessGetTheSame403WhetherOrNotTheMountExists()
    {
        var h = await CoreHarness.StartAsync();
        await h.SendAsync(Operation.Update, "sys/policies/acl/app", """{"policy":"path \"secret/app/*\" { capabilities = [\"read\"] }"}""");
        var created = await h.SendAsync(Operation.Update, "auth/token/create", """{"policies":["app"]}""");
        var appToken = created!.Auth!["client_token"]!.GetValue<string>();

        Assert.Equal("secret/", (await h.Core.HandleAsync(Read("sys/internal/ui/mounts/secret/app/x", appToken)))!.Data!["path"]!.GetValue<string>());
        foreach (var (path, token) in new[] { ("sys/internal/ui/mounts/nomount/x", appToken), ("sys/internal/ui/mounts/secret/x", (string?)null) })
        {
            var denied = await Assert.ThrowsAsync<CofferError>(() => h.Core.HandleAsync(Read(path, token)));
            Assert.Equal(HttpStatusCode.Forbidden, denied.Status);
            Assert.StartsWith("preflight capability check returned 403", denied.Message);
        }
        await h.SendAsync(Operation.Update, "sys/mounts/other", """{"type":"kv"}""");
        var listed = await h.Core.HandleAsync(Read("sys/internal/ui/mounts", appToken));
        Assert.NotNull(listed!.Data!["secret"]!["secret/"]);
        Assert.Null(listed.Data["secret"]!["other/"]);
        var listedForRoot = await h.Core.HandleAsync(Read("sys/internal/ui/mounts", h.RootToken));
        Assert.NotNull(listedForRoot!.Data!["secret"]!["other/"]);
        var anonymous = await h.Core.HandleAsync(Read("sys/internal/ui/mounts", null));
        Assert.Empty(anonymous!.Data!["secret"]!.AsObject());
    }
}
