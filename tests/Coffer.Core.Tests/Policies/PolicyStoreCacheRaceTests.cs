using Coffer.Core.Access.Policies;
using static Coffer.Core.Tests.Policies.PolicyTestSupport;

namespace Coffer.Core.Tests.Policies;

/// <summary>A reader that loaded a policy just before it changed must not leave its stale result in a cache.</summary>
public sealed class PolicyStoreCacheRaceTests
{
    private const string Root = PolicyNameRules.RootNamespaceId;

    [Fact]
    public async Task AWriteDuringAnAclBuildWinsOverTheBuild()
    {
        var storage = new GatedSecureStorage(await UnsealedBarrierAsync());
        var store = new PolicyStore(storage);
        await store.SetAsync(Root, "a", """path "secret/*" { capabilities = ["read"] }""");

        storage.Arm("core/policies/root/a");
        var staleReader = store.AclForAsync(Root, ["a"]);
        await storage.Fetched;
        await store.SetAsync(Root, "a", """path "secret/*" { capabilities = ["update"] }""");
        storage.Release();

        Assert.Equal(["read"], (await staleReader).Capabilities("secret/x"));
        Assert.Equal(["update"], (await store.AclForAsync(Root, ["a"])).Capabilities("secret/x"));
        Assert.Equal(["update"], (await store.GetAsync(Root, "a"))!.Rules.Select(r => CapabilityNames.SortedNames(r.Capabilities)).Single());
    }
}
