using System.Net;
using Coffer.Core.Auth.Token;
using Coffer.Core.Routing;

namespace Coffer.Core.Tests.Tokens;

public sealed class TokenBackendErrorTests
{
    [Theory]
    [InlineData(Operation.Update, "lookup", """{"token":"hvs.nosuchtokennosuchtoken00"}""", HttpStatusCode.Forbidden, "bad token")]
    [InlineData(Operation.Update, "lookup", "{}", HttpStatusCode.BadRequest, "missing token ID")]
    [InlineData(Operation.Update, "renew", """{"token":"hvs.nosuchtokennosuchtoken00"}""", HttpStatusCode.BadRequest, "token not found")]
    [InlineData(Operation.Update, "renew", "{}", HttpStatusCode.BadRequest, "missing token ID")]
    [InlineData(Operation.Update, "revoke", "{}", HttpStatusCode.BadRequest, "missing token ID")]
    [InlineData(Operation.Update, "revoke-orphan", "{}", HttpStatusCode.BadRequest, "missing token ID")]
    [InlineData(Operation.Update, "lookup-accessor", "{}", HttpStatusCode.BadRequest, "missing accessor")]
    [InlineData(Operation.Update, "lookup-accessor", """{"accessor":"nope"}""", HttpStatusCode.BadRequest, "invalid accessor")]
    [InlineData(Operation.Update, "renew-accessor", """{"accessor":"nope"}""", HttpStatusCode.BadRequest, "invalid accessor")]
    [InlineData(Operation.Update, "revoke-accessor", """{"accessor":"nope"}""", HttpStatusCode.BadRequest, "invalid accessor")]
    [InlineData(Operation.Update, "create", """{"num_uses":-1}""", HttpStatusCode.BadRequest, "number of uses cannot be negative")]
    [InlineData(Operation.Update, "create", """{"ttl":"soon"}""", HttpStatusCode.BadRequest, "error converting input for field \"ttl\": expected a duration")]
    [InlineData(Operation.Update, "create", """{"entity_alias":"web"}""", HttpStatusCode.BadRequest, "'role_name' must be supplied to use 'entity_alias'")]
    [InlineData(Operation.Read, "create", null, HttpStatusCode.MethodNotAllowed, "unsupported operation")]
    [InlineData(Operation.Delete, "roles", null, HttpStatusCode.MethodNotAllowed, "unsupported operation")]
    [InlineData(Operation.Read, "nothing-here", null, HttpStatusCode.NotFound, "no handler for route \"auth/token/nothing-here\". route entry not found.")]
    public async Task ErrorsMatchVault(Operation operation, string path, string? body, HttpStatusCode status, string message)
    {
        var h = await TokenHarness.StartAsync();
        var error = await h.FailsAsync(operation, path, body);
        Assert.Equal(status, error.Status);
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public async Task EntityAliasesAreNotSupported()
    {
        var h = await TokenHarness.StartAsync();
        await h.SendAsync(Operation.Update, "roles/r", """{"allowed_entity_aliases":"web"}""");
        var error = await h.FailsAsync(Operation.Update, "create/r", """{"entity_alias":"web"}""");
        Assert.Equal(HttpStatusCode.BadRequest, error.Status);
        Assert.Contains("not supported", error.Message);
    }

    [Fact]
    public async Task LegacyUrlLookupWorksWithAWarning()
    {
        var h = await TokenHarness.StartAsync();
        var token = await h.CreateAsync("""{"policies":["a"]}""");
        var response = await h.SendAsync(Operation.Read, "lookup/" + token);
        Assert.Equal(token, response!.Data!["id"]!.GetValue<string>());
        Assert.Equal([TokenBackend.UrlTokenWarning], response.Warnings);
        var viaBody = await h.SendAsync(Operation.Update, "lookup", $$"""{"token":"{{token}}"}""");
        Assert.Empty(viaBody!.Warnings);
    }

    [Fact]
    public async Task LookupSelfAnswersGetAndPost()
    {
        var h = await TokenHarness.StartAsync();
        var token = await h.CreateAsync("""{"policies":["a"]}""");
        Assert.Equal(token, (await h.SendAsync(Operation.Read, "lookup-self", token: token))!.Data!["id"]!.GetValue<string>());
        Assert.Equal(token, (await h.SendAsync(Operation.Update, "lookup-self", "{}", token))!.Data!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task RenewAccessorHidesTheToken()
    {
        var h = await TokenHarness.StartAsync();
        var token = await h.CreateAsync("""{"policies":["a"],"ttl":"1h"}""");
        var accessor = (await h.LookupAsync(token))["accessor"]!.GetValue<string>();
        var renewed = await h.SendAsync(Operation.Update, "renew-accessor", $$"""{"accessor":"{{accessor}}","increment":"30m"}""");
        Assert.Equal("", renewed!.Auth!["client_token"]!.GetValue<string>());
        Assert.Equal(1800, renewed.Auth["lease_duration"]!.GetValue<long>());
    }
}
