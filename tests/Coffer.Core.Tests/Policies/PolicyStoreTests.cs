using System.Text;
using System.Text.Json.Nodes;
using Coffer.Core.Access.Policies;
using Coffer.Core.Barrier;
using Coffer.Core.Routing;
using static Coffer.Core.Tests.Policies.PolicyTestSupport;

namespace Coffer.Core.Tests.Policies;

public sealed class PolicyStoreTests
{
    private const string Root = PolicyNameRules.RootNamespaceId;
    private const string ReadSecret = """path "secret/*" { capabilities = ["read"] }""";

    private static async Task<(PolicyStore Store, AesGcmBarrier Barrier)> NewStoreAsync()
    {
        var barrier = await UnsealedBarrierAsync();
        return (new PolicyStore(barrier), barrier);
    }

    [Fact]
    public async Task StoresReadsListsAndDeletes()
    {
        var (store, barrier) = await NewStoreAsync();

        await store.SetAsync(Root, "dev", ReadSecret);
        var read = await store.GetAsync(Root, "dev");
        Assert.Equal(ReadSecret, read!.Text);
        Assert.Equal(["dev", "root"], await store.ListAsync(Root));

        var stored = JsonNode.Parse((await barrier.GetAsync("core/policies/root/dev"))!)!;
        Assert.Equal("dev", stored["name"]!.GetValue<string>());
        Assert.Equal(ReadSecret, stored["policy"]!.GetValue<string>());

        await store.DeleteAsync(Root, "dev");
        Assert.Null(await store.GetAsync(Root, "dev"));
        await store.DeleteAsync(Root, "dev");
        Assert.Equal(["root"], await store.ListAsync(Root));
    }

    [Fact]
    public async Task NamesAreTrimmedAndLowerCased()
    {
        var (store, _) = await NewStoreAsync();

        await store.SetAsync(Root, "  Dev-Team ", ReadSecret);

        Assert.NotNull(await store.GetAsync(Root, "dev-team"));
        Assert.NotNull(await store.GetAsync(Root, "DEV-TEAM"));
        Assert.Equal("dev-team", (await store.GetAsync(Root, " DEV-team"))!.Name);
        Assert.Equal(["dev-team", "root"], await store.ListAsync(Root));
    }

    [Fact]
    public async Task ListingIsSortedWithRootLastAndOnlyInTheRootNamespace()
    {
        var (store, _) = await NewStoreAsync();
        foreach (var name in new[] { "zeta", "alpha", "mid" }) await store.SetAsync(Root, name, ReadSecret);
        await store.SetAsync("ns1", "beta", ReadSecret);

        Assert.Equal(["alpha", "mid", "zeta", "root"], await store.ListAsync(Root));
        Assert.Equal(["beta"], await store.ListAsync("ns1"));
        Assert.Null(await store.GetAsync("ns1", "alpha"));
        Assert.Null(await store.GetAsync("ns1", "root"));
    }

    [Fact]
    public async Task ListingHidesUnassignableBuiltIns()
    {
        var (store, barrier) = await NewStoreAsync();
        // As a replicated or restored entry from a server that stores them would appear.
        await barrier.PutAsync("core/policies/root/control-group", Encoding.UTF8.GetBytes("""{"name":"control-group","policy":""}"""));
        await barrier.PutAsync("core/policies/root/response-wrapping", Encoding.UTF8.GetBytes("""{"name":"response-wrapping","policy":""}"""));

        Assert.Equal(["root"], await store.ListAsync(Root));
    }

    [Fact]
    public async Task RootCannotBeChangedOrDeleted()
    {
        var (store, _) = await NewStoreAsync();

        var update = await AssertBadRequestAsync(() => store.SetAsync(Root, "Root", ReadSecret));
        Assert.Equal("cannot update \"root\" policy", update.Message);
        var delete = await AssertBadRequestAsync(() => store.DeleteAsync(Root, "root"));
        Assert.Equal("cannot delete \"root\" policy", delete.Message);

        var root = await store.GetAsync(Root, "root");
        Assert.True(root!.IsRoot);
        Assert.Equal("", root.Text);
    }

    [Fact]
    public async Task ResponseWrappingIsBuiltInAndFixed()
    {
        var (store, _) = await NewStoreAsync();

        var policy = await store.GetAsync("ns1", "response-wrapping");
        Assert.Equal(BuiltinPolicies.ResponseWrappingText, policy!.Text);
        var update = await AssertBadRequestAsync(() => store.SetAsync(Root, "response-wrapping", ReadSecret));
        Assert.Equal("cannot update \"response-wrapping\" policy", update.Message);
        await AssertBadRequestAsync(() => store.DeleteAsync(Root, "response-wrapping"));

        var acl = await store.AclForAsync(Root, ["response-wrapping"]);
        Assert.True(acl.Check("cubbyhole/response", Operation.Read).Allowed);
        Assert.False(acl.Check("cubbyhole/other", Operation.Read).Allowed);
    }

    [Fact]
    public async Task DefaultIsCreatedOnceEditableAndNotDeletable()
    {
        var (store, _) = await NewStoreAsync();

        await store.EnsureDefaultsAsync(Root);
        Assert.Equal(BuiltinPolicies.DefaultText, (await store.GetAsync(Root, "default"))!.Text);

        await store.SetAsync(Root, "default", ReadSecret);
        await store.EnsureDefaultsAsync(Root);
        Assert.Equal(ReadSecret, (await store.GetAsync(Root, "default"))!.Text);

        var error = await AssertBadRequestAsync(() => store.DeleteAsync(Root, "default"));
        Assert.Equal("cannot delete default policy", error.Message);
    }

    [Fact]
    public async Task TheDefaultPolicyLetsATokenLookAfterItself()
    {
        var (store, _) = await NewStoreAsync();
        await store.EnsureDefaultsAsync(Root);
        var acl = await store.AclForAsync(Root, ["default"]);

        Assert.True(acl.Check("auth/token/lookup-self", Operation.Read).Allowed);
        Assert.True(acl.Check("cubbyhole/mine", Operation.Create).Allowed);
        Assert.True(acl.Check("identity/oidc/provider/p1/authorize", Operation.Update).Allowed);
        Assert.False(acl.Check("secret/x", Operation.Read).Allowed);
        // No identity yet: the templated entity paths grant nothing.
        Assert.False(acl.Check("identity/entity/id/", Operation.Read).Allowed);
    }

    [Fact]
    public async Task AnInvalidPolicyIsRejectedAndNothingIsStored()
    {
        var (store, _) = await NewStoreAsync();
        var error = await AssertBadRequestAsync(() => store.SetAsync(Root, "bad", """path "a" { capabilities = ["fly"] }"""));
        Assert.StartsWith("failed to parse policy: ", error.Message);
        Assert.Null(await store.GetAsync(Root, "bad"));
    }

    [Fact]
    public async Task AclForSkipsUnknownNamesAndGrantsRootOnlyInTheRootNamespace()
    {
        var (store, _) = await NewStoreAsync();
        await store.SetAsync(Root, "dev", ReadSecret);

        var acl = await store.AclForAsync(Root, ["DEV", "missing"]);
        Assert.True(acl.Check("secret/x", Operation.Read).Allowed);
        Assert.Equal(["dev"], acl.SourcePolicyNames);

        Assert.True((await store.AclForAsync(Root, ["root"])).IsRoot);
        Assert.False((await store.AclForAsync("ns1", ["root"])).IsRoot);
    }

    [Fact]
    public async Task AclsAreCachedPerNamespaceAndPolicySet()
    {
        var barrier = await UnsealedBarrierAsync();
        var storage = new CountingSecureStorage(barrier);
        var store = new PolicyStore(storage);
        await store.SetAsync(Root, "a", ReadSecret);
        await store.SetAsync(Root, "b", """path "kv/*" { capabilities = ["read"] }""");

        var first = await store.AclForAsync(Root, ["a", "b"]);
        var reads = storage.Reads;
        var second = await store.AclForAsync(Root, ["B", "a", "a"]);

        Assert.Same(first, second);
        Assert.Equal(reads, storage.Reads);
        Assert.NotSame(first, await store.AclForAsync("ns1", ["a", "b"]));
    }

    [Fact]
    public async Task ChangingAPolicyInvalidatesTheAclsThatUseIt()
    {
        var (store, _) = await NewStoreAsync();
        await store.SetAsync(Root, "a", ReadSecret);
        await store.SetAsync(Root, "b", """path "kv/*" { capabilities = ["read"] }""");
        var withA = await store.AclForAsync(Root, ["a"]);
        var withB = await store.AclForAsync(Root, ["b"]);
        Assert.False(withA.Check("secret/x", Operation.Update).Allowed);

        await store.SetAsync(Root, "a", """path "secret/*" { capabilities = ["update"] }""");

        var updated = await store.AclForAsync(Root, ["a"]);
        Assert.NotSame(withA, updated);
        Assert.True(updated.Check("secret/x", Operation.Update).Allowed);
        Assert.Same(withB, await store.AclForAsync(Root, ["b"]));

        await store.DeleteAsync(Root, "a");
        Assert.False((await store.AclForAsync(Root, ["a"])).Check("secret/x", Operation.Update).Allowed);
    }

    [Fact]
    public async Task CreatingAPreviouslyUnknownPolicyInvalidatesAclsNamingIt()
    {
        var (store, _) = await NewStoreAsync();
        Assert.False((await store.AclForAsync(Root, ["later"])).Check("secret/x", Operation.Read).Allowed);

        await store.SetAsync(Root, "later", ReadSecret);

        Assert.True((await store.AclForAsync(Root, ["later"])).Check("secret/x", Operation.Read).Allowed);
    }

    [Fact]
    public async Task ChangesBehindTheStoresBackAreSeenAfterInvalidation()
    {
        var (store, barrier) = await NewStoreAsync();
        await store.SetAsync(Root, "a", ReadSecret);
        var before = await store.AclForAsync(Root, ["a"]);

        // A replicated write lands in storage directly.
        await barrier.PutAsync("core/policies/root/a", Encoding.UTF8.GetBytes("""{"name":"a","policy":"path \"kv/*\" { capabilities = [\"read\"] }"}"""));
        Assert.Same(before, await store.AclForAsync(Root, ["a"]));

        Assert.True(store.InvalidateStorageKey("core/policies/root/a"));
        Assert.False(store.InvalidateStorageKey("core/mounts"));
        var after = await store.AclForAsync(Root, ["a"]);
        Assert.True(after.Check("kv/x", Operation.Read).Allowed);
        Assert.False(after.Check("secret/x", Operation.Read).Allowed);
    }

    [Fact]
    public async Task ConcurrentReadersNeverKeepAStaleAclAfterAWrite()
    {
        var (store, _) = await NewStoreAsync();
        await store.SetAsync(Root, "a", ReadSecret);

        for (var round = 0; round < 20; round++)
        {
            var readers = Enumerable.Range(0, 8).Select(_ => Task.Run(() => store.AclForAsync(Root, ["a"]))).ToArray();
            var capability = round % 2 == 0 ? "update" : "read";
            await store.SetAsync(Root, "a", $$"""path "secret/*" { capabilities = ["{{capability}}"] }""");
            await Task.WhenAll(readers);

            var current = await store.AclForAsync(Root, ["a"]);
            Assert.Equal([capability], current.Capabilities("secret/x"));
        }
    }
}
