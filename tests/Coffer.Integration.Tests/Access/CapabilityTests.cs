using System.Text.Json.Nodes;

namespace Coffer.Integration.Tests.Access;

/// <summary>spec/vault-api.md §3.10: <c>sys/capabilities-self</c>, <c>sys/capabilities</c> and <c>sys/capabilities-accessor</c>.</summary>
public sealed class CapabilityTests(AccessServer fixture) : IClassFixture<AccessServer>, IAsyncLifetime
{
    private const string PolicyName = "caps-policy";
    private VaultApi Api => fixture.Api;
    private string Root => fixture.RootToken;

    public Task InitializeAsync() => Api.WritePolicyAsync(Root, PolicyName, """
        path "secret/caps/*" { capabilities = ["update", "read", "create"] }
        path "secret/caps/admin" { capabilities = ["sudo", "delete", "read"] }
        """);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task SelfReportsSortedCapabilitiesPerPathAtBothLevels()
    {
        var token = await Api.TokenWithPoliciesAsync(Root, PolicyName);
        var reply = (await Api.PostAsync("sys/capabilities-self", token,
            """{"paths":["secret/caps/app","secret/caps/admin","secret/elsewhere"]}""")).ExpectOk();

        Assert.Equal("""["create","read","update"]""", reply.Data!["secret/caps/app"]!.ToJsonString());
        Assert.Equal("""["delete","read","sudo"]""", reply.Data!["secret/caps/admin"]!.ToJsonString());
        Assert.Equal("""["deny"]""", reply.Data!["secret/elsewhere"]!.ToJsonString());
        Assert.Null(reply.Data!["capabilities"]);
        Assert.Equal(reply.Data!["secret/caps/app"]!.ToJsonString(), reply.Body!["secret/caps/app"]!.ToJsonString());

        var single = (await Api.PostAsync("sys/capabilities-self", token, """{"path":"secret/caps/one"}""")).ExpectOk();
        Assert.Equal("""["create","read","update"]""", single.Data!["capabilities"]!.ToJsonString());
        Assert.Equal("""["create","read","update"]""", single.Body!["capabilities"]!.ToJsonString());
    }

    [Fact]
    public async Task RootTokenHasRootEverywhere()
    {
        var reply = (await Api.PostAsync("sys/capabilities-self", Root, """{"paths":["anything/at/all"]}""")).ExpectOk();
        Assert.Equal("""["root"]""", reply.Data!["capabilities"]!.ToJsonString());
    }

    [Fact]
    public async Task ByTokenAndByAccessorAnswerForAnotherToken()
    {
        var created = await Api.CreateTokenAsync(Root, """{"policies":["caps-policy"]}""");
        var token = created.ClientToken;
        var accessor = created.Auth!["accessor"]!.GetValue<string>();

        var byToken = (await Api.PostAsync("sys/capabilities", Root,
            new JsonObject { ["token"] = token, ["paths"] = new JsonArray("secret/caps/x") }.ToJsonString())).ExpectOk();
        Assert.Equal("""["create","read","update"]""", byToken.Data!["capabilities"]!.ToJsonString());

        var byAccessor = (await Api.PostAsync("sys/capabilities-accessor", Root,
            new JsonObject { ["accessor"] = accessor, ["paths"] = new JsonArray("secret/caps/admin") }.ToJsonString())).ExpectOk();
        Assert.Equal("""["delete","read","sudo"]""", byAccessor.Data!["capabilities"]!.ToJsonString());

        // A token with only the default policy may ask about itself but not about others.
        var plain = await Api.TokenWithPoliciesAsync(Root, "default");
        (await Api.PostAsync("sys/capabilities", plain, new JsonObject { ["token"] = token, ["paths"] = "secret/caps/x" }.ToJsonString()))
            .ExpectDenied();
    }

    [Fact]
    public async Task BadQueriesAre400s()
    {
        (await Api.PostAsync("sys/capabilities-self", Root, "{}")).ExpectBadRequest("paths");
        (await Api.PostAsync("sys/capabilities", Root, """{"token":"hvs.nope0000000000000000000000","paths":["a"]}"""))
            .ExpectBadRequest("invalid token");
        (await Api.PostAsync("sys/capabilities-accessor", Root, """{"accessor":"nope","paths":["a"]}"""))
            .ExpectBadRequest("invalid accessor");
        (await Api.PostAsync("sys/capabilities", Root, """{"paths":["a"]}""")).Expect(System.Net.HttpStatusCode.BadRequest);
        await Api.AssertHealthyAsync();
    }
}
