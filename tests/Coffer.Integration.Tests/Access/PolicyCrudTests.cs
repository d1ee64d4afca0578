using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Coffer.Integration.Tests.Access;

/// <summary>spec/vault-api.md §3.6, §3.9: writing, reading and listing policies, and the built-in ones.</summary>
public sealed class PolicyCrudTests(AccessServer fixture) : IClassFixture<AccessServer>
{
    private const string ReadAppHcl = """
        # readers of the app tree
        path "secret/crud-app/*" {
          capabilities = ["read", "list"]
        }
        """;

    private VaultApi Api => fixture.Api;
    private string Root => fixture.RootToken;

    [Fact]
    public async Task HclPolicyRoundTripsThroughTheAclRoute()
    {
        await Api.WritePolicyAsync(Root, "crud-hcl", ReadAppHcl);

        var read = (await Api.GetAsync("sys/policies/acl/crud-hcl", Root)).ExpectOk();
        Assert.Equal("crud-hcl", read.String("name"));
        Assert.Equal(ReadAppHcl, read.String("policy"));
        Assert.Null(read.Body!["name"]);

        var listed = (await Api.ListAsync("sys/policies/acl", Root)).ExpectOk();
        Assert.Contains("crud-hcl", listed.Keys);
        Assert.Contains("default", listed.Keys);
        Assert.DoesNotContain("response-wrapping", listed.Keys);
    }

    [Fact]
    public async Task JsonPolicyIsEnforcedLikeHcl()
    {
        const string json = """{"path":{"secret/crud-json/*":{"capabilities":["read"]}}}""";
        await Api.WritePolicyAsync(Root, "crud-json", json);
        (await Api.PutAsync("secret/crud-json/item", Root, """{"v":"json-ok"}""")).ExpectNoContent();
        var token = await Api.TokenWithPoliciesAsync(Root, "crud-json");

        Assert.Equal("json-ok", (await Api.GetAsync("secret/crud-json/item", token)).ExpectOk().String("v"));
        (await Api.PutAsync("secret/crud-json/item", token, """{"v":"no"}""")).ExpectDenied();
    }

    [Fact]
    public async Task LegacyPolicyShorthandStillWorks()
    {
        await Api.WritePolicyAsync(Root, "crud-short", """
            path "secret/crud-short/*" { policy = "read" }
            path "secret/crud-short/rw/*" { policy = "write" }
            """);
        (await Api.PutAsync("secret/crud-short/item", Root, """{"v":"1"}""")).ExpectNoContent();
        var token = await Api.TokenWithPoliciesAsync(Root, "crud-short");

        (await Api.GetAsync("secret/crud-short/item", token)).ExpectOk();
        (await Api.ListAsync("secret/crud-short", token)).ExpectOk();
        (await Api.PutAsync("secret/crud-short/item", token, """{"v":"2"}""")).ExpectDenied();
        (await Api.PutAsync("secret/crud-short/rw/new", token, """{"v":"2"}""")).ExpectNoContent();
        (await Api.DeleteAsync("secret/crud-short/rw/new", token)).ExpectNoContent();
    }

    [Fact]
    public async Task Base64PolicyTextIsDecoded()
    {
        var encoded = Convert.ToBase64String(Encoding.UTF8.GetBytes(ReadAppHcl));
        (await Api.PutAsync("sys/policies/acl/crud-b64", Root, new JsonObject { ["policy"] = encoded }.ToJsonString())).ExpectNoContent();
        Assert.Equal(ReadAppHcl, (await Api.GetAsync("sys/policies/acl/crud-b64", Root)).ExpectOk().String("policy"));
    }

    [Fact]
    public async Task LegacyRouteAcceptsRulesAndAnswersAtTheTopLevelToo()
    {
        (await Api.PutAsync("sys/policy/crud-legacy", Root, new JsonObject { ["rules"] = ReadAppHcl }.ToJsonString())).ExpectNoContent();

        var read = (await Api.GetAsync("sys/policy/crud-legacy", Root)).ExpectOk();
        Assert.Equal("crud-legacy", read.Body!["name"]!.GetValue<string>());
        Assert.Equal(ReadAppHcl, read.Body!["rules"]!.GetValue<string>());
        Assert.Equal(ReadAppHcl, read.String("rules"));

        var list = (await Api.GetAsync("sys/policy", Root)).ExpectOk();
        var topLevel = list.Body!["policies"]!.AsArray().Select(p => p!.GetValue<string>()).ToList();
        Assert.Contains("crud-legacy", topLevel);
        Assert.Contains("root", topLevel);
        Assert.Equal(topLevel, list.Keys);

        // The legacy route also takes "policy", and the newer route sees what the legacy one wrote.
        (await Api.PutAsync("sys/policy/crud-legacy2", Root, new JsonObject { ["policy"] = ReadAppHcl }.ToJsonString())).ExpectNoContent();
        Assert.Equal(ReadAppHcl, (await Api.GetAsync("sys/policies/acl/crud-legacy2", Root)).ExpectOk().String("policy"));
    }

    [Fact]
    public async Task NamesAreLowerCasedAndDeletesAreIdempotent()
    {
        await Api.WritePolicyAsync(Root, "Crud-MixedCase", ReadAppHcl);
        Assert.Equal("crud-mixedcase", (await Api.GetAsync("sys/policies/acl/crud-mixedcase", Root)).ExpectOk().String("name"));

        (await Api.DeleteAsync("sys/policies/acl/crud-mixedcase", Root)).ExpectNoContent();
        (await Api.GetAsync("sys/policies/acl/crud-mixedcase", Root)).Expect(HttpStatusCode.NotFound);
        (await Api.DeleteAsync("sys/policies/acl/crud-mixedcase", Root)).ExpectNoContent();
        (await Api.DeleteAsync("sys/policy/crud-never-there", Root)).ExpectNoContent();
    }

    [Fact]
    public async Task DefaultPolicyLetsATokenLookAfterItself()
    {
        var text = (await Api.GetAsync("sys/policies/acl/default", Root)).ExpectOk().String("policy");
        Assert.Contains("path \"auth/token/lookup-self\"", text);
        Assert.Contains("path \"cubbyhole/*\"", text);

        var token = await Api.TokenWithPoliciesAsync(Root, "default");
        var self = await Api.LookupSelfAsync(token);
        Assert.Equal("""["default"]""", self["policies"]!.ToJsonString());
        (await Api.PutAsync("cubbyhole/note", token, """{"n":"mine"}""")).ExpectNoContent();
        Assert.Equal("mine", (await Api.GetAsync("cubbyhole/note", token)).ExpectOk().String("n"));
        var caps = (await Api.PostAsync("sys/capabilities-self", token, """{"paths":["cubbyhole/x"]}""")).ExpectOk();
        Assert.Equal("""["create","delete","list","read","update"]""", caps.Data!["cubbyhole/x"]!.ToJsonString());
        (await Api.PostAsync("auth/token/renew-self", token)).ExpectOk();

        (await Api.GetAsync("secret/crud-app/x", token)).ExpectDenied();
        (await Api.PostAsync("auth/token/create", token)).ExpectDenied();
        (await Api.GetAsync("sys/policies/acl/default", token)).ExpectDenied();
    }

    [Fact]
    public async Task BuiltinPoliciesKeepTheirRules()
    {
        var hcl = new JsonObject { ["policy"] = ReadAppHcl }.ToJsonString();
        (await Api.PutAsync("sys/policies/acl/root", Root, hcl)).ExpectBadRequest("cannot update \"root\" policy");
        (await Api.DeleteAsync("sys/policies/acl/root", Root)).ExpectBadRequest("cannot delete \"root\" policy");
        (await Api.DeleteAsync("sys/policy/default", Root)).ExpectBadRequest("cannot delete default policy");
        (await Api.PutAsync("sys/policies/acl/response-wrapping", Root, hcl)).ExpectBadRequest("cannot update \"response-wrapping\" policy");
        (await Api.DeleteAsync("sys/policies/acl/response-wrapping", Root)).ExpectBadRequest("cannot delete");

        var root = (await Api.GetAsync("sys/policies/acl/root", Root)).ExpectOk();
        Assert.Equal("root", root.String("name"));
        Assert.Equal("", root.String("policy"));
        Assert.Contains("sys/wrapping/unwrap", (await Api.GetAsync("sys/policies/acl/response-wrapping", Root)).ExpectOk().String("policy"));

        (await Api.PostAsync("auth/token/create", Root, """{"policies":["response-wrapping"]}""")).Expect(HttpStatusCode.BadRequest);
        (await Api.GetAsync("sys/policies/acl/crud-missing", Root)).Expect(HttpStatusCode.NotFound);
    }
}
