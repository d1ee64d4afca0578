using System.Net;
using System.Text.Json.Nodes;

namespace Coffer.Integration.Tests.Access;

/// <summary>spec/vault-api.md §3.4, §5.2: the userpass method mounted through <c>sys/auth</c>, its users and logins.</summary>
public sealed class UserpassTests(AccessServer fixture) : IClassFixture<AccessServer>, IAsyncLifetime
{
    private VaultApi Api => fixture.Api;
    private string Root => fixture.RootToken;

    public async Task InitializeAsync()
    {
        if ((await Api.GetAsync("sys/auth/userpass", Root)).Status != HttpStatusCode.OK)
        {
            (await Api.PostAsync("sys/auth/userpass", Root, """{"type":"userpass","description":"people"}""")).ExpectNoContent();
        }
        await Api.WritePolicyAsync(Root, "up-reader", """path "secret/up/*" { capabilities = ["read"] }""");
        (await Api.PutAsync("secret/up/item", Root, """{"v":"for-users"}""")).ExpectNoContent();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task TheMountIsListedNextToTheTokenMethod()
    {
        var auth = (await Api.GetAsync("sys/auth", Root)).ExpectOk();
        Assert.Equal("userpass", auth.Data!["userpass/"]!["type"]!.GetValue<string>());
        Assert.Equal("people", auth.Data!["userpass/"]!["description"]!.GetValue<string>());
        Assert.Equal("token", auth.Data!["token/"]!["type"]!.GetValue<string>());
        Assert.StartsWith("auth_token_", auth.Data!["token/"]!["accessor"]!.GetValue<string>());
        Assert.Equal("userpass", auth.Body!["userpass/"]!["type"]!.GetValue<string>());
        Assert.Equal("userpass", (await Api.GetAsync("sys/auth/userpass", Root)).ExpectOk().Data!["type"]!.GetValue<string>());
        (await Api.PostAsync("sys/auth/userpass", Root, """{"type":"userpass"}""")).Expect(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task UsersCanBeCreatedReadListedChangedAndDeleted()
    {
        (await Api.PostAsync("auth/userpass/users/dana", Root, """{"password":"first-pw","token_policies":"up-reader","token_ttl":"1h"}""")).ExpectNoContent();

        var user = (await Api.GetAsync("auth/userpass/users/dana", Root)).ExpectOk();
        Assert.Equal("""["up-reader"]""", user.Data!["token_policies"]!.ToJsonString());
        Assert.Equal(3600, user.Data!["token_ttl"]!.GetValue<long>());
        Assert.DoesNotContain("first-pw", user.RawBody);
        Assert.Null(user.Data!["password"]);
        Assert.Contains("dana", (await Api.ListAsync("auth/userpass/users", Root)).ExpectOk().Keys);

        (await Api.PostAsync("auth/userpass/users/dana/password", Root, """{"password":"second-pw"}""")).ExpectNoContent();
        (await Login("dana", "first-pw")).ExpectBadRequest("invalid username or password");
        (await Login("dana", "second-pw")).ExpectOk();

        (await Api.PostAsync("auth/userpass/users/dana/policies", Root, """{"token_policies":["default"]}""")).ExpectNoContent();
        var changed = (await Login("dana", "second-pw")).ExpectOk();
        Assert.Equal("""["default"]""", changed.Auth!["policies"]!.ToJsonString());

        (await Api.DeleteAsync("auth/userpass/users/dana", Root)).ExpectNoContent();
        (await Api.GetAsync("auth/userpass/users/dana", Root)).Expect(HttpStatusCode.NotFound);
        (await Login("dana", "second-pw")).ExpectBadRequest("invalid username or password");
    }

    [Fact]
    public async Task LoginReturnsAnOrphanServiceTokenWithTheUsersPolicies()
    {
        (await Api.PostAsync("auth/userpass/users/erin", Root, """{"password":"erin-pw","token_policies":["up-reader"]}""")).ExpectNoContent();

        var login = (await Login("erin", "erin-pw")).ExpectOk();
        Assert.Null(login.Data);
        Assert.Equal(0, login.Body!["lease_duration"]!.GetValue<long>());
        var auth = login.Auth!;
        Assert.StartsWith("hvs.", auth["client_token"]!.GetValue<string>());
        Assert.Equal("""["default","up-reader"]""", auth["policies"]!.ToJsonString());
        Assert.Equal("""["default","up-reader"]""", auth["token_policies"]!.ToJsonString());
        Assert.Equal("""{"username":"erin"}""", auth["metadata"]!.ToJsonString());
        Assert.True(auth["orphan"]!.GetValue<bool>());
        Assert.True(auth["renewable"]!.GetValue<bool>());
        Assert.Equal(2764800, auth["lease_duration"]!.GetValue<long>());
        Assert.Equal("service", auth["token_type"]!.GetValue<string>());
        Assert.Equal("userpass", login.Body!["mount_type"]!.GetValue<string>());

        var token = login.ClientToken;
        Assert.Equal("for-users", (await Api.GetAsync("secret/up/item", token)).ExpectOk().String("v"));
        (await Api.PutAsync("secret/up/item", token, """{"v":"x"}""")).ExpectDenied();
        var self = await Api.LookupSelfAsync(token);
        Assert.Equal("auth/userpass/login/erin", self["path"]!.GetValue<string>());
        Assert.Equal("userpass-erin", self["display_name"]!.GetValue<string>());
        Assert.Equal("""{"username":"erin"}""", self["meta"]!.ToJsonString());
    }

    [Fact]
    public async Task BadCredentialsAre400WithoutSayingWhich()
    {
        (await Api.PostAsync("auth/userpass/users/frank", Root, """{"password":"frank-pw"}""")).ExpectNoContent();
        var wrongPassword = (await Login("frank", "nope")).ExpectBadRequest("invalid username or password");
        var unknownUser = (await Login("nobody-here", "nope")).ExpectBadRequest("invalid username or password");
        Assert.Equal(wrongPassword.RawBody, unknownUser.RawBody);
        (await Api.PostAsync("auth/userpass/login/frank", null, "{}")).Expect(HttpStatusCode.BadRequest);
        await Api.AssertHealthyAsync();
    }

    [Fact]
    public async Task UserWritesNeedCreateForNewUsersAndUpdateForExistingOnes()
    {
        await Api.WritePolicyAsync(Root, "up-creator", """path "auth/userpass/users/*" { capabilities = ["create"] }""");
        var token = await Api.TokenWithPoliciesAsync(Root, "up-creator");
        (await Api.PostAsync("auth/userpass/users/gina", token, """{"password":"g1"}""")).ExpectNoContent();
        (await Api.PostAsync("auth/userpass/users/gina", token, """{"password":"g2"}""")).ExpectDenied();
        (await Login("gina", "g1")).ExpectOk();
    }

    private Task<ApiReply> Login(string user, string password) =>
        Api.PostAsync("auth/userpass/login/" + user, null, new JsonObject { ["password"] = password }.ToJsonString());
}
