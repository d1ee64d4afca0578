using Coffer.Core.Barrier;
using Coffer.Core.Access;
using Coffer.Core.Routing;

namespace Coffer.Core.Tests.Tokens;

public sealed class TokenHierarchyTests
{
    [Fact]
    public async Task RevokingAParentRevokesEveryDescendantChildrenFirst()
    {
        var h = await TokenHarness.StartAsync();
        var revoked = new List<string>();
        h.Store.OnRevoke((entry, _) =>
        {
            lock (revoked)
            {
                revoked.Add(entry.DisplayName);
            }
            return Task.CompletedTask;
        });
        var a = await h.CreateAsync("""{"policies":["p"],"display_name":"a"}""");
        var b = await h.CreateAsync("""{"display_name":"b"}""", a);
        var c = await h.CreateAsync("""{"display_name":"c"}""", b);
        var d = await h.CreateAsync("""{"display_name":"d"}""", a);
        var sibling = await h.CreateAsync("""{"policies":["p"],"display_name":"e"}""");
        var aEntry = (await h.Store.LookupAsync(a))!;

        await h.SendAsync(Operation.Update, "revoke", $$"""{"token":"{{a}}"}""");

        foreach (var gone in new[] { a, b, c, d })
        {
            Assert.Null(await h.Store.LookupAsync(gone));
        }
        Assert.NotNull(await h.Store.LookupAsync(sibling));
        Assert.Equal(4, revoked.Count);
        Assert.True(revoked.IndexOf("token-c") < revoked.IndexOf("token-b"));
        Assert.Equal("token-a", revoked[^1]);
        Assert.Empty(await h.Barrier.ListAsync("sys/token/parent/" + aEntry.HashedId + "/"));
        Assert.Null(await h.Barrier.GetAsync("sys/token/accessor/" + aEntry.Accessor));
        Assert.Null(await h.Barrier.GetAsync("sys/token/id/" + aEntry.HashedId));
    }

    [Fact]
    public async Task OrphansOutliveTheTokenThatMadeThem()
    {
        var h = await TokenHarness.StartAsync();
        var parent = await h.CreateAsync("""{"policies":["p"]}""");
        var viaEndpoint = await h.CreateAsync("{}", parent, "create-orphan");
        var viaNoParent = await h.CreateAsync("""{"no_parent":true}""", parent: null);
        Assert.True((await h.LookupAsync(viaEndpoint))["orphan"]!.GetValue<bool>());
        Assert.True((await h.LookupAsync(viaNoParent))["orphan"]!.GetValue<bool>());

        var error = await h.FailsAsync(Operation.Update, "create", """{"no_parent":true}""", parent, sudo: false);
        Assert.Equal("root or sudo privileges required to create orphan token", error.Message);
        var sudoOrphan = (await h.SendAsync(Operation.Update, "create", """{"no_parent":true}""", parent, sudo: true))!.Auth!;
        Assert.True(sudoOrphan["orphan"]!.GetValue<bool>());

        await h.SendAsync(Operation.Update, "revoke", $$"""{"token":"{{parent}}"}""");
        Assert.NotNull(await h.Store.LookupAsync(viaEndpoint));
        Assert.NotNull(await h.Store.LookupAsync(sudoOrphan["client_token"]!.GetValue<string>()));
    }

    [Fact]
    public async Task RevokeOrphanKeepsTheChildrenAsOrphans()
    {
        var h = await TokenHarness.StartAsync();
        var a = await h.CreateAsync("""{"policies":["p"]}""");
        var b = await h.CreateAsync("{}", a);
        var c = await h.CreateAsync("{}", b);
        Assert.True(h.Backend.IsSudoPath("revoke-orphan"));
        var denied = await h.FailsAsync(Operation.Update, "revoke-orphan", $$"""{"token":"{{a}}"}""", a, sudo: false);
        Assert.Equal("root or sudo privileges required to revoke and orphan", denied.Message);

        Assert.Null(await h.SendAsync(Operation.Update, "revoke-orphan", $$"""{"token":"{{a}}"}"""));
        Assert.Null(await h.Store.LookupAsync(a));
        Assert.True((await h.LookupAsync(b))["orphan"]!.GetValue<bool>());
        Assert.False((await h.LookupAsync(c))["orphan"]!.GetValue<bool>());

        await h.SendAsync(Operation.Update, "revoke", $$"""{"token":"{{b}}"}""");
        Assert.Null(await h.Store.LookupAsync(c));
        Assert.Equal("token to revoke not found", (await h.FailsAsync(Operation.Update, "revoke-orphan", $$"""{"token":"{{a}}"}""")).Message);
    }

    [Fact]
    public async Task AccessorsListIsSudoAndFollowsRevocation()
    {
        var h = await TokenHarness.StartAsync();
        var token = await h.CreateAsync();
        var accessor = (await h.LookupAsync(token))["accessor"]!.GetValue<string>();
        var rootAccessor = (await h.LookupAsync(h.RootToken))["accessor"]!.GetValue<string>();
        Assert.True(h.Backend.IsSudoPath("accessors/"));
        Assert.False(h.Backend.IsSudoPath("lookup"));
        var keys = ServiceTokenTests.Strings((await h.SendAsync(Operation.List, "accessors/"))!.Data!["keys"]);
        Assert.Equal(new[] { accessor, rootAccessor }.Order(StringComparer.Ordinal), keys);
        await h.SendAsync(Operation.Update, "revoke-accessor", $$"""{"accessor":"{{accessor}}"}""");
        Assert.Equal([rootAccessor], ServiceTokenTests.Strings((await h.SendAsync(Operation.List, "accessors/"))!.Data!["keys"]));
    }

    [Fact]
    public async Task ChildPoliciesMustBeASubsetUnlessTheCallerHasSudo()
    {
        var h = await TokenHarness.StartAsync();
        var parent = await h.CreateAsync("""{"policies":["a","b"]}""");
        var inherited = (await h.SendAsync(Operation.Update, "create", "{}", parent, sudo: false))!.Auth!;
        Assert.Equal(["a", "b", "default"], ServiceTokenTests.Strings(inherited["policies"]));
        var narrowed = (await h.SendAsync(Operation.Update, "create", """{"policies":"a"}""", parent, sudo: false))!.Auth!;
        Assert.Equal(["a", "default"], ServiceTokenTests.Strings(narrowed["policies"]));
        var bare = (await h.SendAsync(Operation.Update, "create", """{"policies":"a","no_default_policy":true}""", parent, sudo: false))!.Auth!;
        Assert.Equal(["a"], ServiceTokenTests.Strings(bare["policies"]));

        Assert.Equal("child policies must be subset of parent",
            (await h.FailsAsync(Operation.Update, "create", """{"policies":["c"]}""", parent, sudo: false)).Message);
        var widened = (await h.SendAsync(Operation.Update, "create", """{"policies":["c"]}""", parent, sudo: true))!.Auth!;
        Assert.Equal(["c", "default"], ServiceTokenTests.Strings(widened["policies"]));
        Assert.Equal("root tokens may not be created without parent token being root",
            (await h.FailsAsync(Operation.Update, "create", """{"policies":["root"]}""", parent, sudo: true)).Message);
        Assert.Equal("cannot assign policy \"response-wrapping\"",
            (await h.FailsAsync(Operation.Update, "create", """{"policies":["response-wrapping"]}""")).Message);
    }

    [Fact]
    public async Task LimitedUseTokensCannotHaveChildren()
    {
        var h = await TokenHarness.StartAsync();
        var limited = await h.CreateAsync("""{"policies":["a"],"num_uses":5}""");
        Assert.Equal("restricted use token cannot generate child tokens", (await h.FailsAsync(Operation.Update, "create", "{}", limited)).Message);
    }

    [Fact]
    public async Task AFailingHookLeavesTheTokenDeadAndTheSweepFinishesTheJob()
    {
        var h = await TokenHarness.StartAsync();
        var fail = true;
        h.Store.OnRevoke((_, _) => fail ? throw new InvalidOperationException("lease backend down") : Task.CompletedTask);
        var token = await h.CreateAsync("""{"policies":["a"]}""");
        var entry = (await h.Store.LookupAsync(token))!;
        await Assert.ThrowsAsync<InvalidOperationException>(() => h.Store.RevokeAsync(entry));
        Assert.Null(await h.Store.LookupAsync(token));
        Assert.NotNull(await h.Barrier.GetAsync("sys/token/id/" + entry.HashedId));

        fail = false;
        Assert.Equal(1, await h.Store.RevokeExpiredAsync());
        Assert.Null(await h.Barrier.GetAsync("sys/token/id/" + entry.HashedId));
    }

    [Fact]
    public async Task PendingRevocationsAreFinishedAfterAReload()
    {
        var h = await TokenHarness.StartAsync();
        h.Store.OnRevoke((_, _) => throw new InvalidOperationException("crash"));
        var token = await h.CreateAsync("""{"policies":["a"]}""");
        var entry = (await h.Store.LookupAsync(token))!;
        await Assert.ThrowsAsync<InvalidOperationException>(() => h.Store.RevokeAsync(entry));

        var fresh = new TokenStore(h.Barrier, h.Clock, expiryInterval: TimeSpan.FromHours(1));
        await fresh.LoadAsync();
        Assert.Null(await fresh.LookupAsync(token));
        Assert.Equal(1, await fresh.RevokeExpiredAsync());
        Assert.Null(await h.Barrier.GetAsync("sys/token/id/" + entry.HashedId));
    }

    [Fact]
    public async Task TidyRemovesDanglingIndexEntries()
    {
        var h = await TokenHarness.StartAsync();
        var parent = await h.CreateAsync("""{"policies":["a"]}""");
        var child = await h.CreateAsync("{}", parent);
        var parentEntry = (await h.Store.LookupAsync(parent))!;
        // Simulate a crash that removed the parent's entry but left its index and accessor behind.
        await h.Barrier.DeleteAsync("sys/token/id/" + parentEntry.HashedId);
        await h.Barrier.PutAsync("sys/token/parent/" + parentEntry.HashedId + "/" + new string('0', 64), []);

        var response = await h.SendAsync(Operation.Update, "tidy");
        Assert.Equal([Coffer.Core.Auth.Token.TokenBackend.TidyWarning], response!.Warnings);
        Assert.Null(response.Data);
        Assert.Empty(await h.Barrier.ListAsync("sys/token/parent/" + parentEntry.HashedId + "/"));
        Assert.Null(await h.Barrier.GetAsync("sys/token/accessor/" + parentEntry.Accessor));
        Assert.True((await h.Store.LookupAsync(child))!.IsOrphan);
    }
}
