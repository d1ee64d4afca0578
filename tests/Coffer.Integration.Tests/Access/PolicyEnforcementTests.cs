using System.Net;

namespace Coffer.Integration.Tests.Access;

/// <summary>spec/vault-api.md §3.7–3.8: how a token's policies decide each request.</summary>
public sealed class PolicyEnforcementTests(AccessServer fixture) : IClassFixture<AccessServer>
{
    private VaultApi Api => fixture.Api;
    private string Root => fixture.RootToken;

    [Fact]
    public async Task ReaderSeesItsTreeAndA403ElsewhereThatHidesWhatExists()
    {
        await Api.WritePolicyAsync(Root, "enf-reader", """path "secret/enf-app/*" { capabilities = ["read", "list"] }""");
        (await Api.PutAsync("secret/enf-app/db", Root, """{"password":"s3cret"}""")).ExpectNoContent();
        (await Api.PutAsync("secret/enf-other/db", Root, """{"password":"other"}""")).ExpectNoContent();
        var token = await Api.TokenWithPoliciesAsync(Root, "enf-reader");

        Assert.Equal("s3cret", (await Api.GetAsync("secret/enf-app/db", token)).ExpectOk().String("password"));
        Assert.Equal(["db"], (await Api.ListAsync("secret/enf-app", token)).ExpectOk().Keys);
        (await Api.GetAsync("secret/enf-app/missing", token)).Expect(HttpStatusCode.NotFound);
        (await Api.PutAsync("secret/enf-app/db", token, """{"password":"mine"}""")).ExpectDenied();
        (await Api.DeleteAsync("secret/enf-app/db", token)).ExpectDenied();

        // Existing, missing, and not even mounted: the same bare 403 each time.
        (await Api.GetAsync("secret/enf-other/db", token)).ExpectDenied();
        (await Api.GetAsync("secret/enf-other/nothing", token)).ExpectDenied();
        (await Api.ListAsync("secret/enf-other", token)).ExpectDenied();
        (await Api.GetAsync("no-such-mount/db", token)).ExpectDenied();
        (await Api.GetAsync("sys/mounts", token)).ExpectDenied();
        (await Api.GetAsync("no-such-mount/db", null)).ExpectDenied();
        (await Api.GetAsync("secret/enf-app/db", "hvs.NotARealTokenAtAll0000")).ExpectDenied();
    }

    [Fact]
    public async Task CreateOnlyMayWriteNewKeysButNotOverwrite()
    {
        await Api.WritePolicyAsync(Root, "enf-create", """path "secret/enf-drop/*" { capabilities = ["create"] }""");
        (await Api.PutAsync("secret/enf-drop/existing", Root, """{"v":"original"}""")).ExpectNoContent();
        var token = await Api.TokenWithPoliciesAsync(Root, "enf-create");

        (await Api.PutAsync("secret/enf-drop/fresh", token, """{"v":"first"}""")).ExpectNoContent();
        (await Api.PutAsync("secret/enf-drop/fresh", token, """{"v":"second"}""")).ExpectDenied();
        (await Api.PostAsync("secret/enf-drop/existing", token, """{"v":"overwrite"}""")).ExpectDenied();
        Assert.Equal("first", (await Api.GetAsync("secret/enf-drop/fresh", Root)).ExpectOk().String("v"));
        Assert.Equal("original", (await Api.GetAsync("secret/enf-drop/existing", Root)).ExpectOk().String("v"));
        (await Api.GetAsync("secret/enf-drop/fresh", token)).ExpectDenied();
    }

    [Fact]
    public async Task UpdateOnlyMayOverwriteButNotCreate()
    {
        await Api.WritePolicyAsync(Root, "enf-update", """path "secret/enf-upd/*" { capabilities = ["update"] }""");
        (await Api.PutAsync("secret/enf-upd/existing", Root, """{"v":"1"}""")).ExpectNoContent();
        var token = await Api.TokenWithPoliciesAsync(Root, "enf-update");

        (await Api.PutAsync("secret/enf-upd/existing", token, """{"v":"2"}""")).ExpectNoContent();
        (await Api.PutAsync("secret/enf-upd/new", token, """{"v":"1"}""")).ExpectDenied();
        Assert.Equal("2", (await Api.GetAsync("secret/enf-upd/existing", Root)).ExpectOk().String("v"));
    }

    [Fact]
    public async Task DenyWinsOverEverythingElse()
    {
        await Api.WritePolicyAsync(Root, "enf-wide", """
            path "secret/enf-deny/*" { capabilities = ["read", "create", "update", "sudo"] }
            path "secret/enf-deny/locked" { capabilities = ["read"] }
            """);
        await Api.WritePolicyAsync(Root, "enf-narrow", """
            path "secret/enf-deny/locked" { capabilities = ["deny"] }
            path "secret/enf-deny/*" { capabilities = ["deny"] }
            """);
        (await Api.PutAsync("secret/enf-deny/locked", Root, """{"v":"1"}""")).ExpectNoContent();
        (await Api.PutAsync("secret/enf-deny/open", Root, """{"v":"1"}""")).ExpectNoContent();
        var wideOnly = await Api.TokenWithPoliciesAsync(Root, "enf-wide");
        var both = await Api.TokenWithPoliciesAsync(Root, "enf-wide", "enf-narrow");

        (await Api.GetAsync("secret/enf-deny/open", wideOnly)).ExpectOk();
        (await Api.GetAsync("secret/enf-deny/locked", wideOnly)).ExpectOk();
        (await Api.GetAsync("secret/enf-deny/open", both)).ExpectDenied();
        (await Api.GetAsync("secret/enf-deny/locked", both)).ExpectDenied();
        var caps = (await Api.PostAsync("sys/capabilities-self", both, """{"paths":["secret/enf-deny/open"]}""")).ExpectOk();
        Assert.Equal("""["deny"]""", caps.Data!["capabilities"]!.ToJsonString());
    }

    [Fact]
    public async Task PlusMatchesOneSegmentAndStarAPrefix()
    {
        await Api.WritePolicyAsync(Root, "enf-patterns", """
            path "secret/enf-pat/+/shared" { capabilities = ["read"] }
            path "secret/enf-pat/exact" { capabilities = ["read"] }
            path "secret/enf-pat/pre*" { capabilities = ["read"] }
            """);
        foreach (var path in new[] { "a/shared", "a/b/shared", "a/private", "exact", "exactly", "prefix-1", "pre/deep/x" })
        {
            (await Api.PutAsync("secret/enf-pat/" + path, Root, """{"v":"1"}""")).ExpectNoContent();
        }
        var token = await Api.TokenWithPoliciesAsync(Root, "enf-patterns");

        (await Api.GetAsync("secret/enf-pat/a/shared", token)).ExpectOk();
        (await Api.GetAsync("secret/enf-pat/a/b/shared", token)).ExpectDenied();
        (await Api.GetAsync("secret/enf-pat/a/private", token)).ExpectDenied();
        (await Api.GetAsync("secret/enf-pat/exact", token)).ExpectOk();
        (await Api.GetAsync("secret/enf-pat/exactly", token)).ExpectDenied();
        (await Api.GetAsync("secret/enf-pat/prefix-1", token)).ExpectOk();
        (await Api.GetAsync("secret/enf-pat/pre/deep/x", token)).ExpectOk();
    }

    [Fact]
    public async Task RootProtectedPathsNeedSudo()
    {
        await Api.WritePolicyAsync(Root, "enf-nosudo", """
            path "sys/audit" { capabilities = ["read"] }
            path "sys/audit/*" { capabilities = ["create", "update", "delete"] }
            path "auth/token/accessors" { capabilities = ["list"] }
            path "auth/token/accessors/" { capabilities = ["list"] }
            path "sys/rotate" { capabilities = ["update"] }
            """);
        await Api.WritePolicyAsync(Root, "enf-sudo", """
            path "sys/audit" { capabilities = ["read", "sudo"] }
            path "auth/token/accessors/" { capabilities = ["list", "sudo"] }
            path "sys/rotate" { capabilities = ["update", "sudo"] }
            """);
        var plain = await Api.TokenWithPoliciesAsync(Root, "enf-nosudo");
        var sudo = await Api.TokenWithPoliciesAsync(Root, "enf-sudo");

        (await Api.GetAsync("sys/audit", plain)).ExpectDenied();
        (await Api.PutAsync("sys/audit/enf", plain, """{"type":"file","options":{"file_path":"discard"}}""")).ExpectDenied();
        (await Api.ListAsync("auth/token/accessors", plain)).ExpectDenied();
        (await Api.PutAsync("sys/rotate", plain)).ExpectDenied();

        (await Api.GetAsync("sys/audit", sudo)).ExpectOk();
        Assert.NotEmpty((await Api.ListAsync("auth/token/accessors", sudo)).ExpectOk().Keys);
        (await Api.PutAsync("sys/rotate", sudo)).ExpectNoContent();
    }

    [Fact]
    public async Task PolicyEditsApplyToTheNextRequest()
    {
        await Api.WritePolicyAsync(Root, "enf-live", """path "secret/enf-live/a" { capabilities = ["read"] }""");
        (await Api.PutAsync("secret/enf-live/b", Root, """{"v":"b"}""")).ExpectNoContent();
        var token = await Api.TokenWithPoliciesAsync(Root, "enf-live");
        (await Api.GetAsync("secret/enf-live/b", token)).ExpectDenied();

        await Api.WritePolicyAsync(Root, "enf-live", """path "secret/enf-live/*" { capabilities = ["read"] }""");
        Assert.Equal("b", (await Api.GetAsync("secret/enf-live/b", token)).ExpectOk().String("v"));

        (await Api.DeleteAsync("sys/policies/acl/enf-live", Root)).ExpectNoContent();
        (await Api.GetAsync("secret/enf-live/b", token)).ExpectDenied();
        // The token still names the policy; writing it again brings the access back.
        await Api.WritePolicyAsync(Root, "enf-live", """path "secret/enf-live/b" { capabilities = ["read"] }""");
        (await Api.GetAsync("secret/enf-live/b", token)).ExpectOk();
    }

    [Fact]
    public async Task RequiredAllowedAndDeniedParameters()
    {
        await Api.WritePolicyAsync(Root, "enf-params", """
            path "secret/enf-params/*" {
              capabilities = ["create", "update"]
              required_parameters = ["owner"]
              allowed_parameters = {
                "owner" = []
                "env"   = ["dev", "stage-*"]
              }
              denied_parameters = {
                "env" = ["stage-prod"]
              }
            }
            """);
        var token = await Api.TokenWithPoliciesAsync(Root, "enf-params");

        (await Api.PutAsync("secret/enf-params/a", token, """{"env":"dev"}""")).ExpectDenied();
        (await Api.PutAsync("secret/enf-params/a", token, """{"owner":"me","env":"dev"}""")).ExpectNoContent();
        (await Api.PutAsync("secret/enf-params/a", token, """{"owner":"me","env":"stage-2"}""")).ExpectNoContent();
        (await Api.PutAsync("secret/enf-params/a", token, """{"owner":"me","env":"prod"}""")).ExpectDenied();
        (await Api.PutAsync("secret/enf-params/a", token, """{"owner":"me","env":"stage-prod"}""")).ExpectDenied();
        (await Api.PutAsync("secret/enf-params/a", token, """{"owner":"me","extra":"x"}""")).ExpectDenied();
        Assert.Equal("stage-2", (await Api.GetAsync("secret/enf-params/a", Root)).ExpectOk().String("env"));
    }
}
