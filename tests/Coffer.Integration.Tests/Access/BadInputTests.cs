using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Coffer.Integration.Tests.Access;

/// <summary>Wrong types, unknown names and broken policies get Vault-style 400s; nothing reaches a 500 or kills the server.</summary>
public sealed class BadInputTests(AccessServer fixture) : IClassFixture<AccessServer>
{
    private VaultApi Api => fixture.Api;
    private string Root => fixture.RootToken;

    [Theory]
    [InlineData("""{"ttl":"abc"}""", "ttl")]
    [InlineData("""{"num_uses":"x"}""", "num_uses")]
    [InlineData("""{"explicit_max_ttl":"forever"}""", "explicit_max_ttl")]
    [InlineData("""{"period":[1,2]}""", "period")]
    [InlineData("""{"renewable":"perhaps"}""", "renewable")]
    [InlineData("""{"num_uses":-1}""", "negative")]
    [InlineData("""{"type":"platinum"}""", "type")]
    [InlineData("""{"meta":"not-a-map"}""", "meta")]
    [InlineData("""{"ttl":"99999999999999h"}""", "ttl")]
    [InlineData("""{"explicit_max_ttl":99999999999999}""", "explicit_max_ttl")]
    public async Task TokenCreateRejectsWrongTypes(string body, string mentions)
    {
        (await Api.PostAsync("auth/token/create", Root, body)).ExpectBadRequest(mentions);
        await Api.AssertHealthyAsync();
    }

    [Fact]
    public async Task NumbersInPlaceOfStringsAreAcceptedAsVaultDoes()
    {
        var created = await Api.CreateTokenAsync(Root, """{"policies":5,"ttl":60,"num_uses":"3","renewable":"false"}""");
        Assert.Equal("""["5","default"]""", created.Auth!["policies"]!.ToJsonString());
        Assert.Equal(60, created.Auth!["lease_duration"]!.GetValue<long>());
        Assert.Equal(3, created.Auth!["num_uses"]!.GetValue<int>());
        Assert.False(created.Auth!["renewable"]!.GetValue<bool>());
    }

    [Fact]
    public async Task UnknownPoliciesOnCreateAreAWarningNotAnError()
    {
        var created = await Api.CreateTokenAsync(Root, """{"policies":["no-such-policy","default"]}""");
        Assert.Contains("Policy \"no-such-policy\" does not exist", created.Warnings);
        Assert.Equal("""["default","no-such-policy"]""", created.Auth!["policies"]!.ToJsonString());
        await Api.LookupSelfAsync(created.ClientToken);
    }

    [Fact]
    public async Task MalformedPoliciesAre400sThatSayWhere()
    {
        var unclosed = (await WritePolicy("bad-unclosed", "path \"secret/a\" {\n  capabilities = [\"read\"\n}\n"))
            .ExpectBadRequest("failed to parse policy");
        Assert.Matches("At [23]:[0-9]+: ", unclosed.Error!);
        (await WritePolicy("bad-cap", """path "a" { capabilities = ["fly"] }""")).ExpectBadRequest("invalid capability \"fly\"");
        (await WritePolicy("bad-key", "path \"a\" {\n  capabilities = [\"read\"]\n  colour = \"blue\"\n}")).ExpectBadRequest("line 3");
        (await WritePolicy("bad-star", """path "a/*/b" { capabilities = ["read"] }""")).Expect(HttpStatusCode.BadRequest);
        (await WritePolicy("bad-legacy", """path "a" { policy = "everything" }""")).Expect(HttpStatusCode.BadRequest);
        (await WritePolicy("bad-json", """{"path":{"a":{"capabilities":"read"}""")).Expect(HttpStatusCode.BadRequest);
        (await WritePolicy("bad-wrap", """path "a" { capabilities = ["read"] min_wrapping_ttl = "1h" max_wrapping_ttl = "1m" }"""))
            .Expect(HttpStatusCode.BadRequest);
        (await Api.PutAsync("sys/policies/acl/bad-empty", Root, """{"policy":""}""")).Expect(HttpStatusCode.BadRequest);
        (await Api.PutAsync("sys/policies/acl/bad-missing", Root, "{}")).Expect(HttpStatusCode.BadRequest);
        (await Api.PutAsync("sys/policies/acl/bad-type", Root, """{"policy":{"path":1}}""")).Expect(HttpStatusCode.BadRequest);
        (await Api.PutAsync("sys/policies/acl/bad-body", Root, "{not json")).ExpectBadRequest("error parsing JSON");
        foreach (var name in new[] { "bad-unclosed", "bad-cap", "bad-key", "bad-json" })
        {
            (await Api.GetAsync("sys/policies/acl/" + name, Root)).Expect(HttpStatusCode.NotFound);
        }
        await Api.AssertHealthyAsync();
    }

    [Fact]
    public async Task PolicyNamesMustNotBeEmpty()
    {
        var policy = new JsonObject { ["policy"] = """path "a" { capabilities = ["read"] }""" }.ToJsonString();
        (await Api.PutAsync("sys/policies/acl/%20", Root, policy)).ExpectBadRequest("name");
        (await Api.PutAsync("sys/policy/%20%20", Root, policy)).ExpectBadRequest("name");
        (await Api.PutAsync("sys/policies/acl/", Root, policy)).Expect(HttpStatusCode.MethodNotAllowed);
        await Api.AssertHealthyAsync();
    }

    [Fact]
    public async Task LargePoliciesWorkAndOversizeBodiesAre413()
    {
        var large = new StringBuilder();
        for (var i = 0; i < 5000; i++)
        {
            large.Append("path \"secret/large/").Append(i).Append("\" { capabilities = [\"read\"] }\n");
        }
        await Api.WritePolicyAsync(Root, "large", large.ToString());
        var token = await Api.TokenWithPoliciesAsync(Root, "large");
        (await Api.PutAsync("secret/large/4999", Root, """{"v":"1"}""")).ExpectNoContent();
        (await Api.GetAsync("secret/large/4999", token)).ExpectOk();

        var huge = new string('#', 33 * 1024 * 1024) + "\npath \"a\" { capabilities = [\"read\"] }";
        try
        {
            var reply = await Api.PutAsync("sys/policies/acl/huge", Root, new JsonObject { ["policy"] = huge }.ToJsonString());
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, reply.Status);
        }
        catch (HttpRequestException)
        {
            // Kestrel may close the connection once it has answered 413 mid-upload.
        }
        await Api.AssertHealthyAsync();
        (await Api.GetAsync("sys/policies/acl/huge", Root)).Expect(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task EmptyAndInvalidNamesElsewhereAre400s()
    {
        if ((await Api.GetAsync("sys/auth/userpass", Root)).Status != HttpStatusCode.OK)
        {
            (await Api.PostAsync("sys/auth/userpass", Root, """{"type":"userpass"}""")).ExpectNoContent();
        }
        if ((await Api.GetAsync("sys/auth/approle", Root)).Status != HttpStatusCode.OK)
        {
            (await Api.PostAsync("sys/auth/approle", Root, """{"type":"approle"}""")).ExpectNoContent();
        }
        (await Api.PostAsync("auth/userpass/users/-dash", Root, """{"password":"x"}""")).Expect(HttpStatusCode.BadRequest);
        (await Api.PostAsync("auth/userpass/users/ok-user", Root, "{}")).ExpectBadRequest("password");
        (await Api.PostAsync("auth/userpass/users/typed", Root, """{"password":"x","token_ttl":"soon"}""")).Expect(HttpStatusCode.BadRequest);
        (await Api.PostAsync("auth/userpass/users/typed", Root, """{"password":"x","token_policies":{"a":1}}""")).Expect(HttpStatusCode.BadRequest);
        (await Api.PostAsync("auth/approle/role/bad%24name", Root, "{}")).Expect(HttpStatusCode.BadRequest);
        (await Api.PostAsync("auth/approle/role/typed", Root, """{"secret_id_num_uses":"many"}""")).Expect(HttpStatusCode.BadRequest);
        (await Api.PostAsync("auth/token/roles/typed", Root, """{"token_num_uses":"lots"}""")).Expect(HttpStatusCode.BadRequest);
        (await Api.PostAsync("auth/approle/role/eternal", Root, "{}")).ExpectNoContent();
        (await Api.PostAsync("auth/approle/role/eternal/secret-id", Root, """{"ttl":"99999999999999h"}""")).ExpectBadRequest("ttl");
        (await Api.PostAsync("auth/approle/role/eternal", Root, """{"secret_id_ttl":99999999999999}""")).ExpectBadRequest("secret_id_ttl");
        (await Api.PostAsync("auth/userpass/users/eternal", Root, """{"password":"x","token_ttl":"99999999999999h"}""")).Expect(HttpStatusCode.BadRequest);
        (await Api.GetAsync("secret/anything", Root, VaultApi.WrapTtl("99999999999999h"))).ExpectBadRequest("X-Vault-Wrap-TTL");
        (await Api.PostAsync("sys/auth/", Root, """{"type":"userpass"}""")).Expect(HttpStatusCode.BadRequest);
        (await Api.PostAsync("sys/namespaces/has%20space", Root)).Expect(HttpStatusCode.BadRequest);
        (await Api.PostAsync("auth/token/lookup", Root, """{"token":12}""")).Expect(HttpStatusCode.Forbidden);
        (await Api.PostAsync("sys/capabilities-self", Root, """{"paths":{"a":1}}""")).Expect(HttpStatusCode.BadRequest);
        await Api.AssertHealthyAsync();
    }

    [Fact]
    public async Task ANonAsciiNamespaceHeaderIsANotFoundNotACrash()
    {
        using var handler = new SocketsHttpHandler { RequestHeaderEncodingSelector = (_, _) => Encoding.UTF8 };
        using var client = new HttpClient(handler) { BaseAddress = new Uri(fixture.Server.Address) };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/sys/mounts");
        request.Headers.Add("X-Vault-Token", Root);
        request.Headers.Add("X-Vault-Namespace", "nöpe");
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("namespace not found", await response.Content.ReadAsStringAsync());
        await Api.AssertHealthyAsync();
    }

    private Task<ApiReply> WritePolicy(string name, string text) =>
        Api.PutAsync("sys/policies/acl/" + name, Root, new JsonObject { ["policy"] = text }.ToJsonString());
}
