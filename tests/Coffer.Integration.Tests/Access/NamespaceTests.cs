using System.Net;
using System.Text.Json.Nodes;

namespace Coffer.Integration.Tests.Access;

/// <summary>spec/vault-api.md §9: nested namespaces, how requests address them, and what lives inside each.</summary>
public sealed class NamespaceTests(AccessServer fixture) : IClassFixture<AccessServer>
{
    private VaultApi Api => fixture.Api;
    private string Root => fixture.RootToken;

    [Fact]
    public async Task NestedNamespacesAreReachedByHeaderPathOrBoth()
    {
        var created = (await Api.PostAsync("sys/namespaces/addr", Root)).ExpectOk();
        Assert.Equal("addr/", created.String("path"));
        Assert.Matches("^[A-Za-z0-9]{5}$", created.String("id"));
        (await Api.PostAsync("sys/namespaces/inner", Root, "{}", VaultApi.Namespace("addr"))).ExpectOk();
        (await Api.PostAsync("addr/inner/sys/mounts/kv", Root, """{"type":"kv"}""")).ExpectNoContent();

        (await Api.PutAsync("kv/item", Root, """{"v":"deep"}""", VaultApi.Namespace("addr/inner"))).ExpectNoContent();
        Assert.Equal("deep", (await Api.GetAsync("addr/inner/kv/item", Root)).ExpectOk().String("v"));
        var relative = (await Api.GetAsync("inner/kv/item", Root, VaultApi.Namespace("addr/"))).ExpectOk();
        Assert.Equal("deep", relative.String("v"));
        Assert.Equal("addr/", relative.Headers.GetValues("X-Vault-Namespace").Single());

        // The mount exists only inside its namespace.
        (await Api.GetAsync("kv/item", Root)).Expect(HttpStatusCode.NotFound);
        Assert.True((await Api.GetAsync("addr/inner/sys/mounts", Root)).ExpectOk().Data!.AsObject().ContainsKey("kv/"));
        Assert.False((await Api.GetAsync("sys/mounts", Root)).ExpectOk().Data!.AsObject().ContainsKey("kv/"));
    }

    [Fact]
    public async Task ListingShowsDirectChildrenWithKeyInfo()
    {
        (await Api.PostAsync("sys/namespaces/lister", Root)).ExpectOk();
        (await Api.PostAsync("lister/sys/namespaces/one", Root, """{"custom_metadata":{"team":"a"}}""")).ExpectOk();
        (await Api.PostAsync("lister/sys/namespaces/two", Root)).ExpectOk();
        (await Api.PostAsync("lister/one/sys/namespaces/grandchild", Root)).ExpectOk();

        var listed = (await Api.ListAsync("sys/namespaces", Root, VaultApi.Namespace("lister"))).ExpectOk();
        Assert.Equal(["one/", "two/"], listed.Keys);
        var one = listed.Data!["key_info"]!["one/"]!;
        Assert.Equal("lister/one/", one["path"]!.GetValue<string>());
        Assert.Equal("""{"team":"a"}""", one["custom_metadata"]!.ToJsonString());
        Assert.Equal(5, one["id"]!.GetValue<string>().Length);
        Assert.Equal("lister/one/", (await Api.GetAsync("lister/sys/namespaces/one", Root)).ExpectOk().String("path"));

        (await Api.PostAsync("sys/namespaces/bad%20name", Root)).Expect(HttpStatusCode.BadRequest);
        (await Api.PostAsync("sys/namespaces/sys", Root)).Expect(HttpStatusCode.BadRequest);
        (await Api.DeleteAsync("sys/namespaces/lister", Root)).ExpectBadRequest("child namespaces");
    }

    [Fact]
    public async Task ATokenWorksInItsNamespaceAndBelowButNotAbove()
    {
        (await Api.PostAsync("sys/namespaces/team", Root)).ExpectOk();
        (await Api.PostAsync("team/sys/namespaces/sub", Root)).ExpectOk();
        (await Api.PostAsync("team/sys/mounts/kv", Root, """{"type":"kv"}""")).ExpectNoContent();
        (await Api.PostAsync("team/sub/sys/mounts/kv", Root, """{"type":"kv"}""")).ExpectNoContent();
        (await Api.PutAsync("team/kv/a", Root, """{"v":"team"}""")).ExpectNoContent();
        (await Api.PutAsync("team/sub/kv/b", Root, """{"v":"sub"}""")).ExpectNoContent();
        (await Api.PutAsync("secret/ns-root-item", Root, """{"v":"root"}""")).ExpectNoContent();
        await Api.WritePolicyAsync(Root, "team-reader", """
            path "kv/*" { capabilities = ["read"] }
            path "sub/kv/*" { capabilities = ["read"] }
            path "secret/*" { capabilities = ["read"] }
            """, "team/");
        // The same name in the root namespace must not leak into the team's token.
        await Api.WritePolicyAsync(Root, "team-reader", """path "secret/*" { capabilities = ["read"] }""");

        var created = await Api.CreateTokenAsync(Root, """{"policies":["team-reader"]}""", "team/auth/token/create");
        var token = created.ClientToken;
        Assert.Equal("""["default","team-reader"]""", created.Auth!["policies"]!.ToJsonString());
        Assert.Empty(created.Warnings);

        Assert.Equal("team", (await Api.GetAsync("team/kv/a", token)).ExpectOk().String("v"));
        Assert.Equal("team", (await Api.GetAsync("kv/a", token, VaultApi.Namespace("team"))).ExpectOk().String("v"));
        Assert.Equal("sub", (await Api.GetAsync("team/sub/kv/b", token)).ExpectOk().String("v"));
        Assert.Equal("sub", (await Api.GetAsync("kv/b", token, VaultApi.Namespace("team/sub"))).ExpectOk().String("v"));
        (await Api.GetAsync("secret/ns-root-item", token)).ExpectDenied();
        (await Api.GetAsync("sys/policies/acl/team-reader", token)).ExpectDenied();
        (await Api.PostAsync("auth/token/create", token, "{}")).ExpectDenied();

        // The -self endpoints always answer from the token's own namespace, wherever they are asked (as in Vault).
        foreach (var where in new[] { "team/", "team/sub/", "" })
        {
            var self = (await Api.GetAsync(where + "auth/token/lookup-self", token)).ExpectOk().Data!;
            Assert.Equal("team/", self["namespace_path"]!.GetValue<string>());
            Assert.Equal(token, self["id"]!.GetValue<string>());
        }
        var caps = (await Api.PostAsync("team/sys/capabilities-self", token, """{"paths":["kv/a","sub/kv/b","elsewhere"]}""")).ExpectOk();
        Assert.Equal("""["read"]""", caps.Data!["kv/a"]!.ToJsonString());
        Assert.Equal("""["read"]""", caps.Data!["sub/kv/b"]!.ToJsonString());
        Assert.Equal("""["deny"]""", caps.Data!["elsewhere"]!.ToJsonString());

        // Root works in every namespace.
        (await Api.GetAsync("team/sub/kv/b", Root)).ExpectOk();
        var rootCaps = (await Api.PostAsync("team/sys/capabilities-self", Root, """{"paths":["kv/a"]}""")).ExpectOk();
        Assert.Equal("""["root"]""", rootCaps.Data!["capabilities"]!.ToJsonString());
    }

    [Fact]
    public async Task ANamespaceAdministratorCannotReachTokensOfParentNamespaces()
    {
        (await Api.PostAsync("sys/namespaces/tenant", Root)).ExpectOk();
        await Api.WritePolicyAsync(Root, "token-admin", """path "auth/token/*" { capabilities = ["create", "read", "update", "delete", "list", "sudo"] }""", "tenant/");
        var admin = (await Api.CreateTokenAsync(Root, """{"policies":["token-admin"]}""", "tenant/auth/token/create")).ClientToken;
        var tenantToken = await Api.CreateTokenAsync(admin, """{"policies":["default"]}""", "tenant/auth/token/create");
        var outsider = await Api.CreateTokenAsync(Root, """{"policies":["default"]}""");
        var outsiderAccessor = outsider.Auth!["accessor"]!.GetValue<string>();
        var rootAccessor = (await Api.LookupSelfAsync(Root))["accessor"]!.GetValue<string>();

        var listed = (await Api.ListAsync("tenant/auth/token/accessors", admin)).ExpectOk().Keys;
        Assert.Contains(tenantToken.Auth!["accessor"]!.GetValue<string>(), listed);
        Assert.DoesNotContain(outsiderAccessor, listed);
        Assert.DoesNotContain(rootAccessor, listed);
        Assert.DoesNotContain(tenantToken.Auth!["accessor"]!.GetValue<string>(), (await Api.ListAsync("auth/token/accessors", Root)).ExpectOk().Keys);

        (await Api.PostAsync("tenant/auth/token/lookup", admin, $$"""{"token":"{{Root}}"}""")).Expect(HttpStatusCode.Forbidden);
        (await Api.PostAsync("tenant/auth/token/lookup-accessor", admin, $$"""{"accessor":"{{outsiderAccessor}}"}""")).Expect(HttpStatusCode.BadRequest);
        (await Api.PostAsync("tenant/auth/token/renew", admin, $$"""{"token":"{{outsider.ClientToken}}"}""")).Expect(HttpStatusCode.BadRequest);
        (await Api.PostAsync("tenant/auth/token/revoke-accessor", admin, $$"""{"accessor":"{{outsiderAccessor}}"}""")).Expect(HttpStatusCode.BadRequest);
        (await Api.PostAsync("tenant/auth/token/revoke", admin, $$"""{"token":"{{Root}}"}""")).ExpectNoContent();
        (await Api.PostAsync("tenant/auth/token/revoke-orphan", admin, $$"""{"token":"{{outsider.ClientToken}}"}""")).Expect(HttpStatusCode.BadRequest);
        await Api.LookupSelfAsync(Root);
        await Api.LookupSelfAsync(outsider.ClientToken);

        // Downwards it works: the parent namespace manages its children's tokens.
        var seen = (await Api.PostAsync("auth/token/lookup", Root, $$"""{"token":"{{tenantToken.ClientToken}}"}""")).ExpectOk();
        Assert.Equal("tenant/", seen.String("namespace_path"));
        (await Api.PostAsync("tenant/auth/token/revoke", admin, $$"""{"token":"{{tenantToken.ClientToken}}"}""")).ExpectNoContent();
        (await Api.GetAsync("auth/token/lookup-self", tenantToken.ClientToken)).ExpectDenied();
    }

    [Fact]
    public async Task EachNamespaceHasItsOwnPoliciesIncludingDefault()
    {
        (await Api.PostAsync("sys/namespaces/pol", Root)).ExpectOk();
        var listed = (await Api.ListAsync("pol/sys/policies/acl", Root)).ExpectOk().Keys;
        Assert.Equal(["default"], listed);
        await Api.WritePolicyAsync(Root, "only-in-pol", """path "kv/*" { capabilities = ["read"] }""", "pol/");
        Assert.Contains("only-in-pol", (await Api.ListAsync("sys/policies/acl", Root, VaultApi.Namespace("pol"))).ExpectOk().Keys);
        Assert.DoesNotContain("only-in-pol", (await Api.ListAsync("sys/policies/acl", Root)).ExpectOk().Keys);
        (await Api.GetAsync("sys/policies/acl/only-in-pol", Root)).Expect(HttpStatusCode.NotFound);

        const string nsDefault = """path "kv/open" { capabilities = ["read"] }""";
        await Api.WritePolicyAsync(Root, "default", nsDefault, "pol/");
        Assert.Equal(nsDefault, (await Api.GetAsync("pol/sys/policies/acl/default", Root)).ExpectOk().String("policy"));
        Assert.Contains("auth/token/lookup-self", (await Api.GetAsync("sys/policies/acl/default", Root)).ExpectOk().String("policy"));
        var legacy = (await Api.GetAsync("pol/sys/policy", Root)).ExpectOk();
        Assert.DoesNotContain("root", legacy.Keys);
    }

    [Fact]
    public async Task UserpassInsideANamespaceIssuesTokensOfThatNamespace()
    {
        (await Api.PostAsync("sys/namespaces/people", Root)).ExpectOk();
        (await Api.PostAsync("people/sys/auth/userpass", Root, """{"type":"userpass"}""")).ExpectNoContent();
        Assert.True((await Api.GetAsync("people/sys/auth", Root)).ExpectOk().Data!.AsObject().ContainsKey("userpass/"));
        Assert.False((await Api.GetAsync("sys/auth", Root)).ExpectOk().Data!.AsObject().ContainsKey("userpass/"));
        (await Api.PostAsync("people/auth/userpass/users/ivy", Root, """{"password":"ivy-pw"}""")).ExpectNoContent();

        var login = (await Api.PostAsync("auth/userpass/login/ivy", null, new JsonObject { ["password"] = "ivy-pw" }.ToJsonString(),
            VaultApi.Namespace("people"))).ExpectOk();
        var self = (await Api.GetAsync("auth/token/lookup-self", login.ClientToken, VaultApi.Namespace("people"))).ExpectOk().Data!;
        Assert.Equal("people/", self["namespace_path"]!.GetValue<string>());
        (await Api.GetAsync("sys/auth", login.ClientToken)).ExpectDenied();
        (await Api.GetAsync("people/sys/auth", login.ClientToken)).ExpectDenied();
    }

    [Fact]
    public async Task AResponseWrappedInANamespaceUnwrapsFromAnywhere()
    {
        (await Api.PostAsync("sys/namespaces/wrapper", Root)).ExpectOk();
        (await Api.PostAsync("wrapper/sys/mounts/kv", Root, """{"type":"kv"}""")).ExpectNoContent();
        (await Api.PutAsync("wrapper/kv/s", Root, """{"v":"wrapped in a namespace"}""")).ExpectNoContent();

        var wrapped = (await Api.GetAsync("kv/s", Root, VaultApi.WrapTtl("1m").Concat(VaultApi.Namespace("wrapper"))
            .ToDictionary(p => p.Key, p => p.Value))).ExpectOk();
        var token = wrapped.WrapInfo!["token"]!.GetValue<string>();
        Assert.Equal("kv/s", (await Api.PostAsync("sys/wrapping/lookup", null, $$"""{"token":"{{token}}"}""")).ExpectOk().String("creation_path"));
        Assert.Equal("wrapped in a namespace", (await Api.SendAsync("POST", "sys/wrapping/unwrap", token)).ExpectOk().String("v"));

        var again = (await Api.GetAsync("wrapper/kv/s", Root, VaultApi.WrapTtl("1m"))).ExpectOk().WrapInfo!["token"]!.GetValue<string>();
        var bystander = await Api.TokenWithPoliciesAsync(Root, "default");
        Assert.Equal("wrapped in a namespace",
            (await Api.PostAsync("sys/wrapping/unwrap", bystander, $$"""{"token":"{{again}}"}""")).ExpectOk().String("v"));
    }

    [Fact]
    public async Task DeletingANamespaceRevokesItsTokensAndRemovesItsMountsAndPolicies()
    {
        (await Api.PostAsync("sys/namespaces/doomed", Root)).ExpectOk();
        (await Api.PostAsync("doomed/sys/mounts/kv", Root, """{"type":"kv"}""")).ExpectNoContent();
        (await Api.PutAsync("doomed/kv/a", Root, """{"v":"gone soon"}""")).ExpectNoContent();
        await Api.WritePolicyAsync(Root, "doomed-reader", """path "kv/*" { capabilities = ["read"] }""", "doomed/");
        var created = await Api.CreateTokenAsync(Root, """{"policies":["doomed-reader"]}""", "doomed/auth/token/create");
        (await Api.GetAsync("doomed/kv/a", created.ClientToken)).ExpectOk();

        (await Api.DeleteAsync("sys/namespaces/doomed", Root)).ExpectNoContent();
        (await Api.PostAsync("auth/token/lookup", Root, $$"""{"token":"{{created.ClientToken}}"}""")).Expect(HttpStatusCode.Forbidden);
        (await Api.PostAsync("sys/capabilities", Root, $$"""{"token":"{{created.ClientToken}}","paths":["kv/a"]}""")).ExpectBadRequest("invalid token");
        var accessor = created.Auth!["accessor"]!.GetValue<string>();
        Assert.DoesNotContain(accessor, (await Api.ListAsync("auth/token/accessors", Root)).ExpectOk().Keys);
        (await Api.GetAsync("doomed/kv/a", Root)).Expect(HttpStatusCode.NotFound);

        (await Api.PostAsync("sys/namespaces/doomed", Root)).ExpectOk();
        (await Api.GetAsync("doomed/kv/a", Root)).Expect(HttpStatusCode.NotFound);
        Assert.Equal(["default"], (await Api.ListAsync("doomed/sys/policies/acl", Root)).ExpectOk().Keys);
        (await Api.GetAsync("doomed/kv/a", created.ClientToken)).ExpectDenied();
    }
}
