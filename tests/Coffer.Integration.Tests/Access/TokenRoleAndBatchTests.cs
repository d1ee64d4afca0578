using System.Net;

namespace Coffer.Integration.Tests.Access;

/// <summary>spec/vault-api.md §4.8–4.9: token roles and batch tokens.</summary>
public sealed class TokenRoleAndBatchTests(AccessServer fixture) : IClassFixture<AccessServer>, IAsyncLifetime
{
    private VaultApi Api => fixture.Api;
    private string Root => fixture.RootToken;

    public async Task InitializeAsync()
    {
        await Api.WritePolicyAsync(Root, "role-app", """path "secret/role/*" { capabilities = ["read"] }""");
        await Api.WritePolicyAsync(Root, "role-creator", """
            path "auth/token/create" { capabilities = ["update"] }
            path "secret/role/*" { capabilities = ["read"] }
            """);
        (await Api.PutAsync("secret/role/item", Root, """{"v":"role-data"}""")).ExpectNoContent();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task RolesCanBeWrittenReadListedUsedAndDeleted()
    {
        (await Api.PostAsync("auth/token/roles/deploy", Root,
            """{"allowed_policies":"role-app","orphan":true,"token_period":"1h","path_suffix":"v1"}""")).ExpectNoContent();

        var role = (await Api.GetAsync("auth/token/roles/deploy", Root)).ExpectOk().Data!;
        Assert.Equal("deploy", role["name"]!.GetValue<string>());
        Assert.Equal("""["role-app"]""", role["allowed_policies"]!.ToJsonString());
        Assert.True(role["orphan"]!.GetValue<bool>());
        Assert.Equal(3600, role["token_period"]!.GetValue<long>());
        Assert.Equal("v1", role["path_suffix"]!.GetValue<string>());
        Assert.Contains("deploy", (await Api.ListAsync("auth/token/roles", Root)).ExpectOk().Keys);
        Assert.Contains("deploy", (await Api.GetAsync("auth/token/roles?list=true", Root)).ExpectOk().Keys);

        var issued = await Api.CreateTokenAsync(Root, """{"policies":["role-app"]}""", "auth/token/create/deploy");
        Assert.True(issued.Auth!["orphan"]!.GetValue<bool>());
        Assert.Equal(3600, issued.Auth!["lease_duration"]!.GetValue<long>());
        var self = await Api.LookupSelfAsync(issued.ClientToken);
        Assert.Equal("auth/token/create/deploy/v1", self["path"]!.GetValue<string>());
        Assert.Equal("deploy", self["role"]!.GetValue<string>());
        Assert.Equal(3600, self["period"]!.GetValue<long>());
        Assert.Equal("role-data", (await Api.GetAsync("secret/role/item", issued.ClientToken)).ExpectOk().String("v"));

        (await Api.PostAsync("auth/token/create/deploy", Root, """{"policies":["role-creator"]}""")).ExpectBadRequest("not allowed");

        (await Api.DeleteAsync("auth/token/roles/deploy", Root)).ExpectNoContent();
        (await Api.GetAsync("auth/token/roles/deploy", Root)).Expect(HttpStatusCode.NotFound);
        (await Api.PostAsync("auth/token/create/deploy", Root, "{}")).Expect(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task RoleBoundCidrsFollowTheToken()
    {
        (await Api.PostAsync("auth/token/roles/lan-only", Root, """{"allowed_policies":"role-app","token_bound_cidrs":"127.0.0.1/32"}""")).ExpectNoContent();
        (await Api.PostAsync("auth/token/roles/far-only", Root, """{"allowed_policies":"role-app","token_bound_cidrs":["10.0.0.0/8"]}""")).ExpectNoContent();
        var near = await Api.CreateTokenAsync(Root, "{}", "auth/token/create/lan-only");
        var far = await Api.CreateTokenAsync(Root, "{}", "auth/token/create/far-only");

        (await Api.GetAsync("secret/role/item", near.ClientToken)).ExpectOk();
        (await Api.GetAsync("secret/role/item", far.ClientToken)).ExpectDenied();
        var lookup = (await Api.PostAsync("auth/token/lookup", Root, $$"""{"token":"{{far.ClientToken}}"}""")).ExpectOk();
        Assert.Equal("""["10.0.0.0/8"]""", lookup.Data!["bound_cidrs"]!.ToJsonString());
    }

    [Fact]
    public async Task BatchTokensWorkForReadsButCannotBeRenewedOrHaveChildren()
    {
        var created = await Api.CreateTokenAsync(Root, """{"policies":["role-creator"],"type":"batch","ttl":"10m"}""");
        var token = created.ClientToken;
        Assert.StartsWith("hvb.", token);
        Assert.True(token.Length > 40, "a batch token carries its own entry, so it is long");
        Assert.Equal("", created.Auth!["accessor"]!.GetValue<string>());
        Assert.Equal("batch", created.Auth!["token_type"]!.GetValue<string>());
        Assert.False(created.Auth!["renewable"]!.GetValue<bool>());

        Assert.Equal("role-data", (await Api.GetAsync("secret/role/item", token)).ExpectOk().String("v"));
        var self = await Api.LookupSelfAsync(token);
        Assert.Equal("batch", self["type"]!.GetValue<string>());
        Assert.InRange(self["ttl"]!.GetValue<long>(), 590, 600);

        (await Api.PostAsync("auth/token/renew-self", token)).ExpectBadRequest("batch tokens cannot be renewed");
        (await Api.PostAsync("auth/token/create", token, "{}")).ExpectBadRequest("batch tokens cannot create more tokens");
        (await Api.PostAsync("auth/token/create", Root, """{"type":"batch","num_uses":3}""")).Expect(HttpStatusCode.BadRequest);
        (await Api.PutAsync("cubbyhole/x", token, """{"a":"b"}""")).Expect(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task BatchTokensStopWorkingWithTheirParent()
    {
        var parent = await Api.TokenWithPoliciesAsync(Root, "role-creator");
        var batch = (await Api.CreateTokenAsync(parent, """{"type":"batch"}""")).ClientToken;
        (await Api.GetAsync("secret/role/item", batch)).ExpectOk();

        (await Api.PostAsync("auth/token/revoke-self", parent)).ExpectNoContent();
        (await Api.GetAsync("secret/role/item", batch)).ExpectDenied();
    }

    [Fact]
    public async Task BatchRolesIssueBatchTokens()
    {
        (await Api.PostAsync("auth/token/roles/batcher", Root,
            """{"allowed_policies":["role-app"],"orphan":true,"renewable":false,"token_type":"batch"}""")).ExpectNoContent();
        var issued = await Api.CreateTokenAsync(Root, "{}", "auth/token/create/batcher");
        Assert.StartsWith("hvb.", issued.ClientToken);
        Assert.Equal("""["default","role-app"]""", issued.Auth!["policies"]!.ToJsonString());
        (await Api.GetAsync("secret/role/item", issued.ClientToken)).ExpectOk();

        (await Api.PostAsync("auth/token/roles/bad-batch", Root, """{"orphan":false,"token_type":"batch"}""")).Expect(HttpStatusCode.BadRequest);
    }
}
