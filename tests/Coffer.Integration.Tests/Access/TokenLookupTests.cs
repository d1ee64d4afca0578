using System.Globalization;
using System.Net;

namespace Coffer.Integration.Tests.Access;

/// <summary>spec/vault-api.md §4.3–4.4: what token create returns and what the lookups show.</summary>
public sealed class TokenLookupTests(AccessServer fixture) : IClassFixture<AccessServer>
{
    private VaultApi Api => fixture.Api;
    private string Root => fixture.RootToken;

    [Fact]
    public async Task CreateReturnsAFullAuthBlock()
    {
        await Api.WritePolicyAsync(Root, "look-reader", """path "secret/look/*" { capabilities = ["read"] }""");
        var created = await Api.CreateTokenAsync(Root,
            """{"policies":["look-reader"],"ttl":"1h","meta":{"app":"billing"},"display_name":"ci"}""");

        Assert.Null(created.Data);
        Assert.Empty(created.Warnings);
        var auth = created.Auth!;
        Assert.Matches("^hvs\\.[A-Za-z0-9]{24}$", auth["client_token"]!.GetValue<string>());
        Assert.Matches("^[A-Za-z0-9]{24}$", auth["accessor"]!.GetValue<string>());
        Assert.Equal("""["default","look-reader"]""", auth["policies"]!.ToJsonString());
        Assert.Equal("""["default","look-reader"]""", auth["token_policies"]!.ToJsonString());
        Assert.Equal("""{"app":"billing"}""", auth["metadata"]!.ToJsonString());
        Assert.Equal(3600, auth["lease_duration"]!.GetValue<long>());
        Assert.True(auth["renewable"]!.GetValue<bool>());
        Assert.Equal("service", auth["token_type"]!.GetValue<string>());
        Assert.False(auth["orphan"]!.GetValue<bool>());
        Assert.Equal(0, auth["num_uses"]!.GetValue<int>());
        Assert.Equal("", auth["entity_id"]!.GetValue<string>());
    }

    [Fact]
    public async Task LookupShowsTypedFieldsAndSelfAndAccessorAgree()
    {
        var before = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var created = await Api.CreateTokenAsync(Root, """{"policies":["default"],"ttl":"1h","display_name":"ci","meta":{"k":"v"}}""");
        var token = created.ClientToken;
        var accessor = created.Auth!["accessor"]!.GetValue<string>();

        var data = (await Api.PostAsync("auth/token/lookup", Root, $$"""{"token":"{{token}}"}""")).ExpectOk().Data!;
        Assert.Equal(token, data["id"]!.GetValue<string>());
        Assert.Equal(accessor, data["accessor"]!.GetValue<string>());
        Assert.Equal("""["default"]""", data["policies"]!.ToJsonString());
        Assert.Equal("auth/token/create", data["path"]!.GetValue<string>());
        Assert.Equal("token-ci", data["display_name"]!.GetValue<string>());
        Assert.Equal("""{"k":"v"}""", data["meta"]!.ToJsonString());
        Assert.False(data["orphan"]!.GetValue<bool>());
        Assert.Equal("service", data["type"]!.GetValue<string>());
        Assert.Equal(0, data["num_uses"]!.GetValue<int>());
        Assert.Equal(3600, data["creation_ttl"]!.GetValue<long>());
        var creationTime = data["creation_time"]!.GetValue<long>();
        Assert.InRange(creationTime, before - 1, before + 5);
        var expire = DateTimeOffset.Parse(data["expire_time"]!.GetValue<string>(), CultureInfo.InvariantCulture);
        Assert.InRange(expire.ToUnixTimeSeconds() - creationTime, 3599, 3601);
        DateTimeOffset.Parse(data["issue_time"]!.GetValue<string>(), CultureInfo.InvariantCulture);
        Assert.InRange(data["ttl"]!.GetValue<long>(), 3590, 3600);

        var self = await Api.LookupSelfAsync(token);
        Assert.Equal(token, self["id"]!.GetValue<string>());
        Assert.Equal(creationTime, self["creation_time"]!.GetValue<long>());

        var byAccessor = (await Api.PostAsync("auth/token/lookup-accessor", Root, $$"""{"accessor":"{{accessor}}"}""")).ExpectOk().Data!;
        Assert.Equal("", byAccessor["id"]!.GetValue<string>());
        Assert.Equal(accessor, byAccessor["accessor"]!.GetValue<string>());
        Assert.Equal(data["expire_time"]!.GetValue<string>(), byAccessor["expire_time"]!.GetValue<string>());
    }

    [Fact]
    public async Task RootTokenNeverExpires()
    {
        var self = await Api.LookupSelfAsync(Root);
        Assert.Equal("""["root"]""", self["policies"]!.ToJsonString());
        Assert.Equal(0, self["ttl"]!.GetValue<long>());
        Assert.Null(self["expire_time"]);
        Assert.Equal("auth/token/root", self["path"]!.GetValue<string>());
        Assert.True(self["orphan"]!.GetValue<bool>());
        Assert.Equal("root", self["display_name"]!.GetValue<string>());
    }

    [Fact]
    public async Task LookupOfUnknownOrMissingTokensIsRefused()
    {
        (await Api.PostAsync("auth/token/lookup", Root, """{"token":"hvs.AAAAAAAAAAAAAAAAAAAAAAAA"}""")).Expect(HttpStatusCode.Forbidden);
        (await Api.PostAsync("auth/token/lookup", Root, "{}")).ExpectBadRequest("missing token");
        (await Api.PostAsync("auth/token/lookup-accessor", Root, """{"accessor":"AAAAAAAAAAAAAAAAAAAAAAAA"}""")).Expect(HttpStatusCode.BadRequest);
        (await Api.GetAsync("auth/token/lookup-self", "hvs.AAAAAAAAAAAAAAAAAAAAAAAA")).ExpectDenied();
    }

    [Fact]
    public async Task RenewalsStayWithinTheMaxTtl()
    {
        var token = (await Api.CreateTokenAsync(Root, """{"policies":["default"],"ttl":"30s","explicit_max_ttl":"60s"}""")).ClientToken;

        var renewed = (await Api.PostAsync("auth/token/renew-self", token, """{"increment":"45s"}""")).ExpectOk();
        Assert.Null(renewed.Data);
        Assert.Equal(token, renewed.ClientToken);
        Assert.InRange(renewed.Auth!["lease_duration"]!.GetValue<long>(), 44, 45);

        var capped = (await Api.PostAsync("auth/token/renew", Root, $$"""{"token":"{{token}}","increment":"1h"}""")).ExpectOk();
        Assert.InRange(capped.Auth!["lease_duration"]!.GetValue<long>(), 55, 60);
        Assert.Contains(capped.Warnings, w => w.Contains("max_ttl", StringComparison.Ordinal));
        Assert.InRange((await Api.LookupSelfAsync(token))["ttl"]!.GetValue<long>(), 55, 60);
        Assert.NotNull((await Api.LookupSelfAsync(token))["last_renewal_time"]);

        var fixedLife = (await Api.CreateTokenAsync(Root, """{"policies":["default"],"ttl":"1h","renewable":false}""")).ClientToken;
        (await Api.PostAsync("auth/token/renew-self", fixedLife)).Expect(HttpStatusCode.BadRequest);
        (await Api.PostAsync("auth/token/renew", Root, """{"token":"hvs.AAAAAAAAAAAAAAAAAAAAAAAA"}""")).Expect(HttpStatusCode.BadRequest);
    }
}
