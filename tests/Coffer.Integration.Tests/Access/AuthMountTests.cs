using System.Net;
using System.Text.Json.Nodes;

namespace Coffer.Integration.Tests.Access;

/// <summary>spec/vault-api.md §3.4: enabling auth methods at any path, and what disabling one takes with it.</summary>
public sealed class AuthMountTests(AccessServer fixture) : IClassFixture<AccessServer>
{
    private VaultApi Api => fixture.Api;
    private string Root => fixture.RootToken;

    [Fact]
    public async Task DisablingAMethodRevokesTheTokensItIssued()
    {
        (await Api.PostAsync("sys/auth/people", Root, """{"type":"userpass"}""")).ExpectNoContent();
        (await Api.PostAsync("sys/auth/people-too", Root, """{"type":"userpass"}""")).ExpectNoContent();
        foreach (var mount in new[] { "people", "people-too" })
        {
            (await Api.PostAsync($"auth/{mount}/users/hal", Root, """{"password":"hal-pw"}""")).ExpectNoContent();
        }
        var doomed = (await Login("people", "hal", "hal-pw")).ExpectOk();
        Assert.Equal("auth/people/login/hal", (await Api.LookupSelfAsync(doomed.ClientToken))["path"]!.GetValue<string>());
        Assert.Equal("people-hal", (await Api.LookupSelfAsync(doomed.ClientToken))["display_name"]!.GetValue<string>());
        var survivor = (await Login("people-too", "hal", "hal-pw")).ExpectOk().ClientToken;
        var unrelated = await Api.TokenWithPoliciesAsync(Root, "default");

        (await Api.DeleteAsync("sys/auth/people", Root)).ExpectNoContent();

        (await Api.GetAsync("auth/token/lookup-self", doomed.ClientToken)).ExpectDenied();
        var accessor = doomed.Auth!["accessor"]!.GetValue<string>();
        Assert.DoesNotContain(accessor, (await Api.ListAsync("auth/token/accessors", Root)).ExpectOk().Keys);
        await Api.LookupSelfAsync(survivor);
        await Api.LookupSelfAsync(unrelated);
        Assert.False((await Api.GetAsync("sys/auth", Root)).ExpectOk().Data!.AsObject().ContainsKey("people/"));
        (await Login("people", "hal", "hal-pw")).ExpectDenied();
    }

    [Fact]
    public async Task DisablingAppRoleRevokesItsTokensToo()
    {
        (await Api.PostAsync("sys/auth/machines", Root, """{"type":"approle"}""")).ExpectNoContent();
        (await Api.PostAsync("auth/machines/role/svc", Root, """{"token_policies":"default"}""")).ExpectNoContent();
        var roleId = (await Api.GetAsync("auth/machines/role/svc/role-id", Root)).ExpectOk().String("role_id");
        var secretId = (await Api.PostAsync("auth/machines/role/svc/secret-id", Root)).ExpectOk().String("secret_id");
        var token = (await Api.PostAsync("auth/machines/login", null,
            new JsonObject { ["role_id"] = roleId, ["secret_id"] = secretId }.ToJsonString())).ExpectOk().ClientToken;
        await Api.LookupSelfAsync(token);

        (await Api.DeleteAsync("sys/auth/machines", Root)).ExpectNoContent();
        (await Api.GetAsync("auth/token/lookup-self", token)).ExpectDenied();

        // The same path can be enabled again and starts empty.
        (await Api.PostAsync("sys/auth/machines", Root, """{"type":"approle"}""")).ExpectNoContent();
        (await Api.GetAsync("auth/machines/role/svc", Root)).Expect(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task EnablingAndDisablingMethodsNeedsSudo()
    {
        await Api.WritePolicyAsync(Root, "auth-nosudo", """path "sys/auth/*" { capabilities = ["create", "update", "delete", "read"] }""");
        await Api.WritePolicyAsync(Root, "auth-sudo", """path "sys/auth/*" { capabilities = ["create", "update", "delete", "read", "sudo"] }""");
        var plain = await Api.TokenWithPoliciesAsync(Root, "auth-nosudo");
        var sudo = await Api.TokenWithPoliciesAsync(Root, "auth-sudo");

        (await Api.PostAsync("sys/auth/by-plain", plain, """{"type":"userpass"}""")).ExpectDenied();
        (await Api.PostAsync("sys/auth/by-sudo", sudo, """{"type":"userpass"}""")).ExpectNoContent();
        (await Api.DeleteAsync("sys/auth/by-sudo", plain)).ExpectDenied();
        (await Api.DeleteAsync("sys/auth/by-sudo", sudo)).ExpectNoContent();
    }

    [Fact]
    public async Task BadEnableRequestsAre400s()
    {
        (await Api.PostAsync("sys/auth/nothing", Root, "{}")).ExpectBadRequest("type");
        (await Api.PostAsync("sys/auth/weird", Root, """{"type":"no-such-method"}""")).Expect(HttpStatusCode.BadRequest);
        (await Api.PostAsync("sys/auth/versioned", Root, """{"type":"userpass","options":{"version":"2"}}"""))
            .ExpectBadRequest("does not allow setting a version");
        (await Api.PostAsync("sys/auth/token", Root, """{"type":"token"}""")).Expect(HttpStatusCode.BadRequest);
        (await Api.DeleteAsync("sys/auth/token", Root)).Expect(HttpStatusCode.BadRequest);
        await Api.AssertHealthyAsync();
        await Api.LookupSelfAsync(Root);
    }

    private Task<ApiReply> Login(string mount, string user, string password) =>
        Api.PostAsync($"auth/{mount}/login/{user}", null, new JsonObject { ["password"] = password }.ToJsonString());
}
