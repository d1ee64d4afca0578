using System.Diagnostics;
using System.Net;

namespace Coffer.Integration.Tests.Access;

/// <summary>spec/vault-api.md §4.6: parents, children, orphans, limited uses and expiry.</summary>
public sealed class TokenHierarchyTests(AccessServer fixture) : IClassFixture<AccessServer>, IAsyncLifetime
{
    private const string Creator = "hier-creator";
    private VaultApi Api => fixture.Api;
    private string Root => fixture.RootToken;

    public Task InitializeAsync() => Api.WritePolicyAsync(Root, Creator, """
        path "auth/token/create" { capabilities = ["update"] }
        path "auth/token/create-orphan" { capabilities = ["update"] }
        path "auth/token/revoke-orphan" { capabilities = ["update"] }
        path "secret/hier/*" { capabilities = ["read"] }
        """);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task RevokingAParentRevokesEveryDescendant()
    {
        var parent = await Api.TokenWithPoliciesAsync(Root, Creator);
        var child = await Api.TokenWithPoliciesAsync(parent, Creator);
        var grandchild = await Api.TokenWithPoliciesAsync(child, Creator);
        var sibling = await Api.TokenWithPoliciesAsync(Root, Creator);
        Assert.False((await Api.LookupSelfAsync(grandchild))["orphan"]!.GetValue<bool>());

        (await Api.PostAsync("auth/token/revoke", Root, $$"""{"token":"{{parent}}"}""")).ExpectNoContent();

        foreach (var revoked in new[] { parent, child, grandchild })
        {
            (await Api.GetAsync("auth/token/lookup-self", revoked)).ExpectDenied();
        }
        await Api.LookupSelfAsync(sibling);
        // Revoking what is already gone is not an error.
        (await Api.PostAsync("auth/token/revoke", Root, $$"""{"token":"{{parent}}"}""")).ExpectNoContent();
    }

    [Fact]
    public async Task RevokeSelfAndRevokeAccessorAlsoCascade()
    {
        var parent = await Api.TokenWithPoliciesAsync(Root, Creator);
        var child = await Api.TokenWithPoliciesAsync(parent, Creator);
        (await Api.PostAsync("auth/token/revoke-self", parent)).ExpectNoContent();
        (await Api.GetAsync("auth/token/lookup-self", child)).ExpectDenied();

        var other = await Api.CreateTokenAsync(Root, """{"policies":["hier-creator"]}""");
        var otherChild = await Api.TokenWithPoliciesAsync(other.ClientToken, Creator);
        var accessor = other.Auth!["accessor"]!.GetValue<string>();
        (await Api.PostAsync("auth/token/revoke-accessor", Root, $$"""{"accessor":"{{accessor}}"}""")).ExpectNoContent();
        (await Api.GetAsync("auth/token/lookup-self", otherChild)).ExpectDenied();
    }

    [Fact]
    public async Task RevokeOrphanNeedsSudoAndLeavesTheChildren()
    {
        var parent = await Api.TokenWithPoliciesAsync(Root, Creator);
        var child = await Api.TokenWithPoliciesAsync(parent, Creator);

        (await Api.PostAsync("auth/token/revoke-orphan", parent, $$"""{"token":"{{parent}}"}""")).ExpectDenied();
        (await Api.PostAsync("auth/token/revoke-orphan", Root, $$"""{"token":"{{parent}}"}""")).ExpectNoContent();

        (await Api.GetAsync("auth/token/lookup-self", parent)).ExpectDenied();
        var orphaned = await Api.LookupSelfAsync(child);
        Assert.True(orphaned["orphan"]!.GetValue<bool>());
    }

    [Fact]
    public async Task CreateOrphanOutlivesItsCreator()
    {
        var creator = await Api.TokenWithPoliciesAsync(Root, Creator);
        var orphan = (await Api.CreateTokenAsync(creator, """{"policies":["hier-creator"]}""", "auth/token/create-orphan")).ExpectOk();
        Assert.True(orphan.Auth!["orphan"]!.GetValue<bool>());
        (await Api.PostAsync("auth/token/create", creator, """{"no_parent":true}""")).ExpectBadRequest("root or sudo");

        (await Api.PostAsync("auth/token/revoke-self", creator)).ExpectNoContent();
        Assert.True((await Api.LookupSelfAsync(orphan.ClientToken))["orphan"]!.GetValue<bool>());

        var rootOrphan = await Api.CreateTokenAsync(Root, """{"policies":["default"],"no_parent":true}""");
        Assert.True(rootOrphan.Auth!["orphan"]!.GetValue<bool>());
    }

    [Fact]
    public async Task ChildPoliciesMustBeASubsetOfTheParents()
    {
        var creator = await Api.TokenWithPoliciesAsync(Root, Creator);
        (await Api.PostAsync("auth/token/create", creator, """{"policies":["hier-creator","other"]}""")).ExpectBadRequest("subset");
        (await Api.PostAsync("auth/token/create", creator, """{"policies":["root"]}""")).Expect(HttpStatusCode.BadRequest);
        var inherited = await Api.CreateTokenAsync(creator, "{}");
        Assert.Equal("""["default","hier-creator"]""", inherited.Auth!["policies"]!.ToJsonString());
    }

    [Fact]
    public async Task ATwoUseTokenWorksTwiceThenIsGone()
    {
        (await Api.PutAsync("secret/hier/value", Root, """{"v":"1"}""")).ExpectNoContent();
        var created = await Api.CreateTokenAsync(Root, """{"policies":["hier-creator"],"num_uses":2}""");
        Assert.Equal(2, created.Auth!["num_uses"]!.GetValue<int>());
        var token = created.ClientToken;
        var lookedUp = (await Api.PostAsync("auth/token/lookup", Root, $$"""{"token":"{{token}}"}""")).ExpectOk();
        Assert.Equal(2, lookedUp.Data!["num_uses"]!.GetValue<int>());

        (await Api.GetAsync("secret/hier/value", token)).ExpectOk();
        (await Api.GetAsync("secret/hier/value", token)).ExpectOk();
        (await Api.GetAsync("secret/hier/value", token)).ExpectDenied();
        (await Api.PostAsync("auth/token/lookup", Root, $$"""{"token":"{{token}}"}""")).Expect(HttpStatusCode.Forbidden);

        var limited = (await Api.CreateTokenAsync(Root, """{"policies":["hier-creator"],"num_uses":5}""")).ClientToken;
        (await Api.PostAsync("auth/token/create", limited, "{}")).ExpectBadRequest("restricted use token");
    }

    [Fact]
    public async Task AShortTtlTokenStopsWorkingOnItsOwn()
    {
        (await Api.PutAsync("secret/hier/ttl", Root, """{"v":"1"}""")).ExpectNoContent();
        var created = await Api.CreateTokenAsync(Root, """{"policies":["hier-creator"],"ttl":"2s"}""");
        Assert.Equal(2, created.Auth!["lease_duration"]!.GetValue<long>());
        var token = created.ClientToken;
        var clock = Stopwatch.StartNew();
        (await Api.GetAsync("secret/hier/ttl", token)).ExpectOk();

        var status = HttpStatusCode.OK;
        while (clock.Elapsed < TimeSpan.FromSeconds(8) && status == HttpStatusCode.OK)
        {
            await Task.Delay(250);
            status = (await Api.GetAsync("secret/hier/ttl", token)).Status;
        }
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(8));
        (await Api.PostAsync("auth/token/lookup", Root, $$"""{"token":"{{token}}"}""")).Expect(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task AccessorListingShowsLiveTokens()
    {
        var created = await Api.CreateTokenAsync(Root, """{"policies":["default"]}""");
        var accessor = created.Auth!["accessor"]!.GetValue<string>();
        Assert.Contains(accessor, (await Api.ListAsync("auth/token/accessors", Root)).ExpectOk().Keys);

        (await Api.PostAsync("auth/token/revoke-self", created.ClientToken)).ExpectNoContent();
        Assert.DoesNotContain(accessor, (await Api.ListAsync("auth/token/accessors", Root)).ExpectOk().Keys);
        (await Api.ListAsync("auth/token/accessors", created.ClientToken)).ExpectDenied();
    }
}
