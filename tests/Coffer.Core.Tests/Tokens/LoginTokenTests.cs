using Coffer.Core.Routing;

namespace Coffer.Core.Tests.Tokens;

public sealed class LoginTokenTests
{
    private static readonly LoginAuth Alice = new()
    {
        Policies = ["dev", "Ops "],
        Metadata = new Dictionary<string, string> { ["username"] = "alice" },
        DisplayName = "alice",
        AliasName = "alice",
    };

    [Fact]
    public async Task LoginTokensAreNamedAfterTheMountAndAreOrphans()
    {
        var h = await TokenHarness.StartAsync();
        var issued = await h.Store.IssueForLoginAsync(Alice, "auth/userpass/", "auth/userpass/login/alice", "root", 0, 0);
        var auth = h.Store.AuthBlock(issued);
        Assert.Equal(["default", "dev", "ops"], ServiceTokenTests.Strings(auth["policies"]));
        Assert.Equal("alice", auth["metadata"]!["username"]!.GetValue<string>());
        Assert.Equal(768 * 3600, auth["lease_duration"]!.GetValue<long>());
        Assert.True(auth["orphan"]!.GetValue<bool>());
        Assert.True(auth["renewable"]!.GetValue<bool>());
        Assert.Equal("service", auth["token_type"]!.GetValue<string>());

        var data = await h.LookupAsync(issued.Token);
        Assert.Equal("userpass-alice", data["display_name"]!.GetValue<string>());
        Assert.Equal("auth/userpass/login/alice", data["path"]!.GetValue<string>());
        Assert.Equal("alice", data["meta"]!["username"]!.GetValue<string>());
    }

    [Fact]
    public async Task LoginTtlsAreBoundedByTheMethodAndTheMount()
    {
        var h = await TokenHarness.StartAsync();
        var mountDefault = await h.Store.IssueForLoginAsync(Alice, "auth/userpass/", "auth/userpass/login/alice", "root", 600, 0);
        Assert.Equal(600, h.Store.AuthBlock(mountDefault)["lease_duration"]!.GetValue<long>());

        var limited = await h.Store.IssueForLoginAsync(Alice with { TtlSeconds = 7200, MaxTtlSeconds = 3 * 3600 },
            "auth/userpass/", "auth/userpass/login/alice", "root", 0, 0);
        h.Clock.Advance(TimeSpan.FromMinutes(110));
        Assert.Equal(3600, TokenJsonTtl(await h.Store.RenewAsync(limited.Entry, 3600)));
        h.Clock.Advance(TimeSpan.FromMinutes(55));
        Assert.Equal(900, TokenJsonTtl(await h.Store.RenewAsync(limited.Entry, 3600)));

        var overMount = await h.Store.IssueForLoginAsync(Alice with { TtlSeconds = 7200 }, "auth/userpass/", "auth/userpass/login/alice", "root", 0, 3600);
        Assert.Equal(3600, overMount.Entry.CreationTtl);
        Assert.Single(overMount.Warnings);
    }

    private static long TokenJsonTtl(Coffer.Core.Access.TokenRenewal renewal) =>
        Coffer.Core.Access.TokenJson.AuthBlock("", renewal.Entry)["lease_duration"]!.GetValue<long>();

    [Fact]
    public async Task LoginsCanIssueBatchTokensButNeverRootOnes()
    {
        var h = await TokenHarness.StartAsync();
        var batch = await h.Store.IssueForLoginAsync(Alice with { TokenType = "batch", NumUses = 3 }, "auth/approle/", "auth/approle/login", "ns1", 0, 0);
        Assert.StartsWith("hvb.", batch.Token);
        var entry = await h.Store.AuthenticateAsync(batch.Token, null);
        Assert.True(entry.IsOrphan);
        Assert.Equal("ns1", entry.NamespaceId);
        Assert.Equal("approle-alice", entry.DisplayName);

        var root = await Assert.ThrowsAsync<CofferError>(() =>
            h.Store.IssueForLoginAsync(Alice with { Policies = ["root"] }, "auth/userpass/", "auth/userpass/login/alice", "root", 0, 0));
        Assert.Equal("auth methods cannot create root tokens", root.Message);
        var noDefault = await h.Store.IssueForLoginAsync(Alice with { NoDefaultPolicy = true, NumUses = 2 }, "auth/userpass/", "auth/userpass/login/alice", "root", 0, 0);
        Assert.Equal(["dev", "ops"], noDefault.Entry.Policies);
        Assert.Equal(2, noDefault.Entry.NumUses);
    }
}
