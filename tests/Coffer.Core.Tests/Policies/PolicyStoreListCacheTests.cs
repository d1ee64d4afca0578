using Coffer.Core.Access.Policies;
using Coffer.Core.Routing;
using static Coffer.Core.Tests.Policies.PolicyTestSupport;

namespace Coffer.Core.Tests.Policies;

/// <summary>The per-list ACL shortcut a cached token uses must still see policy edits at once.</summary>
public sealed class PolicyStoreListCacheTests
{
    [Fact]
    public async Task TheSameListObjectSeesAPolicyEditOnItsNextRequest()
    {
        var store = new PolicyStore(await UnsealedBarrierAsync());
        await store.SetAsync("root", "team", """path "secret/a" { capabilities = ["read"] }""");
        IReadOnlyList<string> tokenPolicies = ["team"];

        var first = await store.AclForAsync("root", tokenPolicies);
        Assert.Same(first, await store.AclForAsync("root", tokenPolicies));
        Assert.True(first.Check("secret/a", Operation.Read).Allowed);

        await store.SetAsync("root", "team", """path "secret/b" { capabilities = ["read"] }""");
        var edited = await store.AclForAsync("root", tokenPolicies);
        Assert.False(edited.Check("secret/a", Operation.Read).Allowed);
        Assert.True(edited.Check("secret/b", Operation.Read).Allowed);

        await store.DeleteAsync("root", "team");
        Assert.False((await store.AclForAsync("root", tokenPolicies)).Check("secret/b", Operation.Read).Allowed);
    }

    [Fact]
    public async Task TheSameListInAnotherNamespaceGetsThatNamespacesPolicies()
    {
        var store = new PolicyStore(await UnsealedBarrierAsync());
        await store.SetAsync("root", "team", """path "secret/root-only" { capabilities = ["read"] }""");
        await store.SetAsync("ns1id", "team", """path "secret/ns-only" { capabilities = ["read"] }""");
        IReadOnlyList<string> tokenPolicies = ["team"];
        Assert.True((await store.AclForAsync("root", tokenPolicies)).Check("secret/root-only", Operation.Read).Allowed);
        var inNamespace = await store.AclForAsync("ns1id", tokenPolicies);
        Assert.True(inNamespace.Check("secret/ns-only", Operation.Read).Allowed);
        Assert.False(inNamespace.Check("secret/root-only", Operation.Read).Allowed);
    }
}
