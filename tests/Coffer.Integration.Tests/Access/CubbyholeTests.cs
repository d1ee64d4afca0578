using System.Net;

namespace Coffer.Integration.Tests.Access;

/// <summary>spec/vault-api.md §4.6, §8: a cubbyhole belongs to one token and dies with it.</summary>
public sealed class CubbyholeTests(AccessServer fixture) : IClassFixture<AccessServer>
{
    private VaultApi Api => fixture.Api;
    private string Root => fixture.RootToken;

    [Fact]
    public async Task EachTokenSeesOnlyItsOwnCubbyhole()
    {
        var alice = await Api.TokenWithPoliciesAsync(Root, "default");
        var bob = await Api.TokenWithPoliciesAsync(Root, "default");

        (await Api.PutAsync("cubbyhole/shared-name", alice, """{"owner":"alice"}""")).ExpectNoContent();
        (await Api.GetAsync("cubbyhole/shared-name", bob)).Expect(HttpStatusCode.NotFound);
        (await Api.ListAsync("cubbyhole", bob)).Expect(HttpStatusCode.NotFound);
        (await Api.GetAsync("cubbyhole/shared-name", Root)).Expect(HttpStatusCode.NotFound);

        (await Api.PutAsync("cubbyhole/shared-name", bob, """{"owner":"bob"}""")).ExpectNoContent();
        Assert.Equal("alice", (await Api.GetAsync("cubbyhole/shared-name", alice)).ExpectOk().String("owner"));
        Assert.Equal("bob", (await Api.GetAsync("cubbyhole/shared-name", bob)).ExpectOk().String("owner"));
        Assert.Equal(["shared-name"], (await Api.ListAsync("cubbyhole", alice)).ExpectOk().Keys);

        (await Api.DeleteAsync("cubbyhole/shared-name", bob)).ExpectNoContent();
        Assert.Equal("alice", (await Api.GetAsync("cubbyhole/shared-name", alice)).ExpectOk().String("owner"));
        (await Api.GetAsync("cubbyhole/shared-name", null)).ExpectDenied();
    }

    [Fact]
    public async Task RevokingATokenDestroysItsCubbyhole()
    {
        var cubbyhole = (await Api.GetAsync("sys/mounts", Root)).ExpectOk().Data!["cubbyhole/"]!["uuid"]!.GetValue<string>();
        var prefix = $"logical/{cubbyhole}/";
        var keeper = await Api.TokenWithPoliciesAsync(Root, "default");
        (await Api.PutAsync("cubbyhole/keep", keeper, """{"v":"stays"}""")).ExpectNoContent();
        var baseline = await StoredKeys.CountWithPrefixAsync(fixture.Server.DatabasePath, prefix);

        var doomed = await Api.TokenWithPoliciesAsync(Root, "default");
        (await Api.PutAsync("cubbyhole/one", doomed, """{"v":"1"}""")).ExpectNoContent();
        (await Api.PutAsync("cubbyhole/dir/two", doomed, """{"v":"2"}""")).ExpectNoContent();
        Assert.Equal(baseline + 2, await StoredKeys.CountWithPrefixAsync(fixture.Server.DatabasePath, prefix));

        (await Api.PostAsync("auth/token/revoke-self", doomed)).ExpectNoContent();
        Assert.Equal(baseline, await StoredKeys.CountWithPrefixAsync(fixture.Server.DatabasePath, prefix));
        Assert.Equal("stays", (await Api.GetAsync("cubbyhole/keep", keeper)).ExpectOk().String("v"));
    }

    [Fact]
    public async Task ATokenUsedInAChildNamespaceLosesThatCubbyholeToo()
    {
        (await Api.PostAsync("sys/namespaces/cubby-ns", Root)).ExpectOk();
        await Api.WritePolicyAsync(Root, "cubby-child", """path "cubby-ns/cubbyhole/*" { capabilities = ["create", "read", "list"] }""");
        var cubbyhole = (await Api.GetAsync("cubby-ns/sys/mounts", Root)).ExpectOk().Data!["cubbyhole/"]!["uuid"]!.GetValue<string>();
        var prefix = $"logical/{cubbyhole}/";
        var token = await Api.TokenWithPoliciesAsync(Root, "cubby-child");

        (await Api.PutAsync("cubby-ns/cubbyhole/note", token, """{"v":"in the child"}""")).ExpectNoContent();
        Assert.Equal("in the child", (await Api.GetAsync("cubbyhole/note", token, VaultApi.Namespace("cubby-ns"))).ExpectOk().String("v"));
        Assert.Equal(1, await StoredKeys.CountWithPrefixAsync(fixture.Server.DatabasePath, prefix));

        (await Api.PostAsync("auth/token/revoke-self", token)).ExpectNoContent();
        Assert.Equal(0, await StoredKeys.CountWithPrefixAsync(fixture.Server.DatabasePath, prefix));
    }

    [Fact]
    public async Task UnwrappingEmptiesTheWrappingTokensCubbyhole()
    {
        var cubbyhole = (await Api.GetAsync("sys/mounts", Root)).ExpectOk().Data!["cubbyhole/"]!["uuid"]!.GetValue<string>();
        var prefix = $"logical/{cubbyhole}/";
        (await Api.PutAsync("secret/cubby-wrap", Root, """{"v":"1"}""")).ExpectNoContent();
        var baseline = await StoredKeys.CountWithPrefixAsync(fixture.Server.DatabasePath, prefix);

        var token = (await Api.GetAsync("secret/cubby-wrap", Root, VaultApi.WrapTtl("1m"))).ExpectOk().WrapInfo!["token"]!.GetValue<string>();
        Assert.True(await StoredKeys.CountWithPrefixAsync(fixture.Server.DatabasePath, prefix) > baseline);
        (await Api.SendAsync("POST", "sys/wrapping/unwrap", token)).ExpectOk();
        Assert.Equal(baseline, await StoredKeys.CountWithPrefixAsync(fixture.Server.DatabasePath, prefix));
    }
}
