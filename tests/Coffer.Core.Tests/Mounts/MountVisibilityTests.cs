using System.Net;
using Coffer.Core.Routing;
using Coffer.Core.Tests.CoreFlow;

namespace Coffer.Core.Tests.Mounts;

public sealed class MountVisibilityTests
{
    private static Request Read(string path, string? token, string? ns = null) =>
        new() { Operation = Operation.Read, Path = path, ClientToken = token, NamespaceHeader = ns };

    [Fact]
    public async Task UnauthListingShowsOnlyThoseMountsAndOnlyTheirPublicFields()
    {
        var h = await CoreHarness.StartAsync();
        await h.SendAsync(Operation.Update, "sys/auth/userpass", """{"type":"userpass","config":{"listing_visibility":"unauth"}}""");
        await h.SendAsync(Operation.Update, "sys/mounts/public", """{"type":"kv","description":"shown"}""");
        await h.SendAsync(Operation.Update, "sys/mounts/public/tune", """{"listing_visibility":"unauth"}""");

        var anonymous = (await h.Core.HandleAsync(Read("sys/internal/ui/mounts", null)))!.Data!;
        var shown = anonymous["secret"]!.AsObject();
        Assert.Equal(["public/"], shown.Select(p => p.Key));
        Assert.Equal("shown", shown["public/"]!["description"]!.GetValue<string>());
        Assert.Null(shown["public/"]!["accessor"]);
        Assert.Equal(["userpass/"], anonymous["auth"]!.AsObject().Select(p => p.Key));

        // Hiding it again takes it off the anonymous list.
        await h.SendAsync(Operation.Update, "sys/mounts/public/tune", """{"listing_visibility":"hidden"}""");
        Assert.Empty((await h.Core.HandleAsync(Read("sys/internal/ui/mounts", null)))!.Data!["secret"]!.AsObject());
    }

    private static Task<Response?> AsRootIn(CoreHarness h, string? ns, Operation op, string path, string json = "{}") =>
        h.Core.HandleAsync(new Request
        {
            Operation = op, Path = path, ClientToken = h.RootToken, NamespaceHeader = ns,
            Data = System.Text.Json.Nodes.JsonNode.Parse(json)!.AsObject(),
        });

    [Theory]
    [InlineData("team", "", "kv-team/")]
    [InlineData("team/inner", "", "kv-inner/")]
    [InlineData(null, "team/", "kv-team/")]
    [InlineData(null, "team/inner/", "kv-inner/")]
    [InlineData("team", "inner/", "kv-inner/")]
    public async Task PreflightFindsMountsInsideChildNamespaces(string? header, string prefix, string mount)
    {
        var h = await CoreHarness.StartAsync();
        await AsRootIn(h, null, Operation.Update, "sys/namespaces/team");
        await AsRootIn(h, "team", Operation.Update, "sys/namespaces/inner");
        await AsRootIn(h, "team", Operation.Update, "sys/mounts/kv-team", """{"type":"kv-v2"}""");
        await AsRootIn(h, "team/inner", Operation.Update, "sys/mounts/kv-inner", """{"type":"kv-v2"}""");

        var answer = await h.Core.HandleAsync(Read($"sys/internal/ui/mounts/{prefix}{mount}app/db", h.RootToken, header));
        Assert.Equal(prefix + mount, answer!.Data!["path"]!.GetValue<string>());
        Assert.Equal("2", answer.Data["options"]!["version"]!.GetValue<string>());

        var missing = await Assert.ThrowsAsync<CofferError>(() => h.Core.HandleAsync(Read($"sys/internal/ui/mounts/{prefix}nothing/x", h.RootToken, header)));
        Assert.Equal(HttpStatusCode.Forbidden, missing.Status);
    }
}
