using System.Net;
using System.Text.Json.Nodes;

namespace Coffer.Integration.Tests.Access;

/// <summary>spec/vault-api.md §5.3: role, role id, secret id (plain and wrapped), login, and the limits on each.</summary>
public sealed class AppRoleTests(AccessServer fixture) : IClassFixture<AccessServer>, IAsyncLifetime
{
    private VaultApi Api => fixture.Api;
    private string Root => fixture.RootToken;

    public async Task InitializeAsync()
    {
        if ((await Api.GetAsync("sys/auth/approle", Root)).Status != HttpStatusCode.OK)
        {
            (await Api.PostAsync("sys/auth/approle", Root, """{"type":"approle"}""")).ExpectNoContent();
        }
        await Api.WritePolicyAsync(Root, "ar-app", """path "secret/ar/*" { capabilities = ["read"] }""");
        (await Api.PutAsync("secret/ar/config", Root, """{"dsn":"db://app"}""")).ExpectNoContent();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task RoleToSecretIdToLoginToSecret()
    {
        (await Api.PostAsync("auth/approle/role/web", Root, """{"token_policies":"ar-app","token_ttl":"20m"}""")).ExpectNoContent();
        Assert.Contains("approle/", (await Api.GetAsync("sys/auth", Root)).ExpectOk().Data!.AsObject().Select(p => p.Key));
        Assert.Contains("web", (await Api.ListAsync("auth/approle/role", Root)).ExpectOk().Keys);
        var role = (await Api.GetAsync("auth/approle/role/web", Root)).ExpectOk();
        Assert.Equal(1200, role.Data!["token_ttl"]!.GetValue<long>());
        Assert.True(role.Data!["bind_secret_id"]!.GetValue<bool>());

        var roleId = (await Api.GetAsync("auth/approle/role/web/role-id", Root)).ExpectOk().String("role_id");
        Assert.True(Guid.TryParse(roleId, out _));
        var secret = (await Api.PostAsync("auth/approle/role/web/secret-id", Root)).ExpectOk();
        var secretId = secret.String("secret_id");
        Assert.False(string.IsNullOrEmpty(secret.String("secret_id_accessor")));

        var login = (await Login(roleId, secretId)).ExpectOk();
        var auth = login.Auth!;
        Assert.StartsWith("hvs.", auth["client_token"]!.GetValue<string>());
        Assert.Equal("""["ar-app","default"]""", auth["policies"]!.ToJsonString());
        Assert.Equal("""{"role_name":"web"}""", auth["metadata"]!.ToJsonString());
        Assert.True(auth["orphan"]!.GetValue<bool>());
        Assert.Equal(1200, auth["lease_duration"]!.GetValue<long>());
        Assert.Equal("db://app", (await Api.GetAsync("secret/ar/config", login.ClientToken)).ExpectOk().String("dsn"));
        Assert.Equal("approle", (await Api.LookupSelfAsync(login.ClientToken))["display_name"]!.GetValue<string>());

        (await Login(roleId, "not-the-secret-id")).ExpectBadRequest("invalid role or secret ID");
        (await Login("not-a-role-id", secretId)).ExpectBadRequest("invalid role or secret ID");
        (await Api.PostAsync("auth/approle/login", null, "{}")).Expect(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task WrappedSecretIdUnwrapsOnceAndLogsIn()
    {
        (await Api.PostAsync("auth/approle/role/wrapped", Root, """{"token_policies":"ar-app"}""")).ExpectNoContent();
        var roleId = (await Api.GetAsync("auth/approle/role/wrapped/role-id", Root)).ExpectOk().String("role_id");

        var wrapped = (await Api.PostAsync("auth/approle/role/wrapped/secret-id", Root, "{}", VaultApi.WrapTtl("60s"))).ExpectOk();
        Assert.Null(wrapped.Data);
        var info = wrapped.WrapInfo!;
        Assert.Equal("auth/approle/role/wrapped/secret-id", info["creation_path"]!.GetValue<string>());
        Assert.Equal(60, info["ttl"]!.GetValue<long>());
        var wrappingToken = info["token"]!.GetValue<string>();

        var unwrapped = (await Api.SendAsync("POST", "sys/wrapping/unwrap", wrappingToken)).ExpectOk();
        var secretId = unwrapped.String("secret_id");
        (await Api.SendAsync("POST", "sys/wrapping/unwrap", wrappingToken)).ExpectBadRequest("wrapping token is not valid or does not exist");

        (await Login(roleId, secretId)).ExpectOk();
    }

    [Fact]
    public async Task SecretIdUsesRunOut()
    {
        (await Api.PostAsync("auth/approle/role/twice", Root, """{"token_policies":"ar-app","secret_id_num_uses":2}""")).ExpectNoContent();
        var roleId = (await Api.GetAsync("auth/approle/role/twice/role-id", Root)).ExpectOk().String("role_id");
        var secretId = (await Api.PostAsync("auth/approle/role/twice/secret-id", Root)).ExpectOk().String("secret_id");

        (await Login(roleId, secretId)).ExpectOk();
        (await Login(roleId, secretId)).ExpectOk();
        (await Login(roleId, secretId)).ExpectBadRequest("invalid role or secret ID");

        var once = (await Api.PostAsync("auth/approle/role/twice/secret-id", Root, """{"num_uses":1}""")).ExpectOk();
        Assert.Equal(1, once.Data!["secret_id_num_uses"]!.GetValue<int>());
        (await Login(roleId, once.String("secret_id"))).ExpectOk();
        (await Login(roleId, once.String("secret_id"))).Expect(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task BoundCidrsAdmitLoopbackAndRefuseOtherNetworks()
    {
        foreach (var (name, cidr) in new[] { ("lan", "127.0.0.1/32"), ("far", "10.0.0.0/8") })
        {
            (await Api.PostAsync("auth/approle/role/" + name, Root,
                new JsonObject { ["token_policies"] = "ar-app", ["secret_id_bound_cidrs"] = cidr }.ToJsonString())).ExpectNoContent();
        }
        var lanRole = (await Api.GetAsync("auth/approle/role/lan/role-id", Root)).ExpectOk().String("role_id");
        var farRole = (await Api.GetAsync("auth/approle/role/far/role-id", Root)).ExpectOk().String("role_id");
        var lanSecret = (await Api.PostAsync("auth/approle/role/lan/secret-id", Root)).ExpectOk().String("secret_id");
        var farSecret = (await Api.PostAsync("auth/approle/role/far/secret-id", Root)).ExpectOk().String("secret_id");

        (await Login(lanRole, lanSecret)).ExpectOk();
        (await Login(farRole, farSecret)).ExpectBadRequest("unauthorized by CIDR restrictions");

        // Token CIDRs bind the issued token: a token bound elsewhere is refused at login already.
        (await Api.PostAsync("auth/approle/role/tokfar", Root, """{"token_policies":"ar-app","token_bound_cidrs":["10.0.0.0/8"]}""")).ExpectNoContent();
        var tokRole = (await Api.GetAsync("auth/approle/role/tokfar/role-id", Root)).ExpectOk().String("role_id");
        var tokSecret = (await Api.PostAsync("auth/approle/role/tokfar/secret-id", Root)).ExpectOk().String("secret_id");
        (await Login(tokRole, tokSecret)).ExpectDenied();
    }

    private Task<ApiReply> Login(string roleId, string secretId) =>
        Api.PostAsync("auth/approle/login", null, new JsonObject { ["role_id"] = roleId, ["secret_id"] = secretId }.ToJsonString());
}
