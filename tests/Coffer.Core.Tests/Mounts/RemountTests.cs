using System.Net;
using System.Text.Json.Nodes;
using Coffer.Core.Routing;
using Coffer.Core.Tests.CoreFlow;

namespace Coffer.Core.Tests.Mounts;

public sealed class RemountTests
{
    private static async Task<JsonObject> RemountAndWaitAsync(CoreHarness h, string from, string to)
    {
        var started = await h.SendAsync(Operation.Update, "sys/remount", $$"""{"from":"{{from}}","to":"{{to}}"}""");
        var id = started!.Data!["migration_id"]!.GetValue<string>();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var status = (await h.SendAsync(Operation.Read, $"sys/remount/status/{id}"))!.Data!;
            Assert.Equal(id, status["migration_id"]!.GetValue<string>());
            var info = status["migration_info"]!.AsObject();
            if (info["status"]!.GetValue<string>() != "in-progress" || DateTime.UtcNow > deadline)
            {
                return info;
            }
            await Task.Delay(10);
        }
    }

    [Fact]
    public async Task ASecretMountMovesWithItsDataAndSettings()
    {
        var h = await CoreHarness.StartAsync();
        await h.SendAsync(Operation.Update, "secret/app", """{"password":"p1"}""");
        await h.SendAsync(Operation.Update, "sys/mounts/secret/tune", """{"description":"moved one"}""");
        var uuid = h.Core.Mounts.Entries.Single(e => e.Path == "secret/").Uuid;

        var info = await RemountAndWaitAsync(h, "secret", "archive/old");
        Assert.Equal("success", info["status"]!.GetValue<string>());
        Assert.Equal("secret/", info["source_mount"]!.GetValue<string>());
        Assert.Equal("archive/old/", info["target_mount"]!.GetValue<string>());

        Assert.Equal("p1", (await h.SendAsync(Operation.Read, "archive/old/app"))!.Data!["password"]!.GetValue<string>());
        var moved = (await h.SendAsync(Operation.Read, "sys/mounts/archive/old"))!.Data!;
        Assert.Equal(uuid, moved["uuid"]!.GetValue<string>());
        Assert.Equal("moved one", moved["description"]!.GetValue<string>());
        var gone = await Assert.ThrowsAsync<CofferError>(() => h.SendAsync(Operation.Read, "secret/app"));
        Assert.Equal(HttpStatusCode.NotFound, gone.Status);

        // The move is stored: a seal cycle keeps it.
        await h.Core.SealAsync(h.RootToken);
        await h.Core.SubmitUnsealKeyAsync(h.Keys[0]);
        Assert.Equal("p1", (await h.SendAsync(Operation.Read, "archive/old/app"))!.Data!["password"]!.GetValue<string>());
    }

    [Fact]
    public async Task AnAuthMountMovesAndItsTokensAreRevoked()
    {
        var h = await CoreHarness.StartAsync();
        await h.SendAsync(Operation.Update, "sys/auth/people", """{"type":"userpass"}""");
        await h.SendAsync(Operation.Update, "auth/people/users/ann", """{"password":"pw","policies":"default"}""");
        var login = await h.SendAsync(Operation.Update, "auth/people/login/ann", """{"password":"pw"}""", token: "");
        var annToken = login!.Auth!["client_token"]!.GetValue<string>();
        Assert.NotNull(await h.Core.Tokens.LookupAsync(annToken));

        var info = await RemountAndWaitAsync(h, "auth/people", "auth/staff");
        Assert.Equal("success", info["status"]!.GetValue<string>());
        Assert.Null(await h.Core.Tokens.LookupAsync(annToken));
        Assert.NotNull((await h.SendAsync(Operation.Read, "sys/auth"))!.Data!["staff/"]);
        var again = await h.SendAsync(Operation.Update, "auth/staff/login/ann", """{"password":"pw"}""", token: "");
        Assert.Equal("auth/staff/login/ann", (await h.Core.Tokens.LookupAsync(again!.Auth!["client_token"]!.GetValue<string>()))!.Path);
    }

    [Theory]
    [InlineData("sys", "system2", "cannot remount 'sys/'")]
    [InlineData("cubbyhole", "cubby2", "cannot remount 'cubbyhole/'")]
    [InlineData("auth/token", "auth/tok2", "cannot remount 'auth/token/'")]
    [InlineData("secret", "other", "existing mount at 'other/'")]
    [InlineData("secret", "other/deeper", "existing mount at 'other/'")]
    [InlineData("nothing", "elsewhere", "no matching mount at 'nothing/'")]
    [InlineData("secret", "sys/secret", "cannot remount to destination 'sys/secret/'")]
    [InlineData("secret", "auth/secret", "cannot remount non-auth mount to auth mount \"auth/secret/\"")]
    [InlineData("", "x", "both 'from' and 'to' path must be specified as a string")]
    public async Task RefusalsAreVaultStyle400sAndMoveNothing(string from, string to, string expected)
    {
        var h = await CoreHarness.StartAsync();
        await h.SendAsync(Operation.Update, "sys/mounts/other", """{"type":"kv"}""");
        var before = h.Core.Mounts.Entries.Select(e => e.Path).Order(StringComparer.Ordinal).ToList();
        var error = await Assert.ThrowsAsync<CofferError>(() => h.SendAsync(Operation.Update, "sys/remount", $$"""{"from":"{{from}}","to":"{{to}}"}"""));
        Assert.Equal(HttpStatusCode.BadRequest, error.Status);
        Assert.Equal(expected, error.Message);
        Assert.Equal(before, h.Core.Mounts.Entries.Select(e => e.Path).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task AnUnknownMigrationIdIsA404()
    {
        var h = await CoreHarness.StartAsync();
        var error = await Assert.ThrowsAsync<CofferError>(() => h.SendAsync(Operation.Read, $"sys/remount/status/{Guid.NewGuid()}"));
        Assert.Equal(HttpStatusCode.NotFound, error.Status);
    }
}
