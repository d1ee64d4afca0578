using System.Text.Json.Nodes;
using Coffer.Cli.Tests.Support;

namespace Coffer.Cli.Tests;

public class TokenLookupRenewCommandTests
{
    [Fact]
    public async Task LookupWithoutArgumentLooksUpSelf()
    {
        await using var server = FakeVaultServer.Start().Respond("GET", "/v1/auth/token/lookup-self", 200, TokenEnvelopes.LookupSelf);

        var result = await CliRun.AgainstAsync(server, "token", "lookup");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", server.SingleRequest().Body);
        Assert.Contains("accessor             acc-7", result.Stdout);
        Assert.Contains("creation_ttl         768h", result.Stdout);
        Assert.Contains("ttl                  767h59m50s", result.Stdout);
        Assert.Contains("meta                 map[team:ops]", result.Stdout);
    }

    [Fact]
    public async Task LookupOfAnotherTokenSendsItInTheBody()
    {
        await using var server = FakeVaultServer.Start().Respond("POST", "/v1/auth/token/lookup", 200, TokenEnvelopes.LookupSelf);

        var result = await CliRun.AgainstAsync(server, "token", "lookup", "s.other");

        Assert.Equal(0, result.ExitCode);
        var request = server.SingleRequest();
        Assert.Equal("""{"token":"s.other"}""", request.Body);
        Assert.Equal("s.test-token", request.Header("X-Vault-Token"));
    }

    [Fact]
    public async Task LookupByAccessor()
    {
        await using var server = FakeVaultServer.Start().Respond("POST", "/v1/auth/token/lookup-accessor", 200, TokenEnvelopes.LookupSelf);

        var result = await CliRun.AgainstAsync(server, "token", "lookup", "-accessor", "acc-7");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("""{"accessor":"acc-7"}""", server.SingleRequest().Body);
    }

    [Fact]
    public async Task AccessorWithoutArgumentIsAUsageError()
    {
        await using var server = FakeVaultServer.Start();

        var result = await CliRun.AgainstAsync(server, "token", "lookup", "-accessor");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("Not enough arguments with -accessor (expected 1, got 0)", result.Stderr.TrimEnd());
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task LookupFieldAndJson()
    {
        await using var server = FakeVaultServer.Start().Respond("GET", "/v1/auth/token/lookup-self", 200, TokenEnvelopes.LookupSelf);

        var field = await CliRun.AgainstAsync(server, "token", "lookup", "-field=display_name");
        var json = await CliRun.AgainstAsync(server, "token", "lookup", "-format=json");

        Assert.Equal("token", field.Stdout);
        Assert.Equal(2764790, JsonNode.Parse(json.Stdout)!["data"]!["ttl"]!.GetValue<long>());
    }

    [Fact]
    public async Task LookupOfABadTokenIsExitTwo()
    {
        await using var server = FakeVaultServer.Start().Respond("POST", "/v1/auth/token/lookup", 403, """{"errors":["bad token"]}""");

        var result = await CliRun.AgainstAsync(server, "token", "lookup", "s.nope");

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("Error looking up token:", result.Stderr);
    }

    [Fact]
    public async Task RenewSelfSendsTheIncrementInSeconds()
    {
        await using var server = FakeVaultServer.Start().Respond("PUT", "/v1/auth/token/renew-self", 200, TokenEnvelopes.Created);

        var result = await CliRun.AgainstAsync(server, "token", "renew", "-increment=30m");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("""{"increment":1800}""", server.SingleRequest().Body);
        Assert.Contains("token_duration       1h", result.Stdout);
    }

    [Fact]
    public async Task RenewAnotherTokenWithShortIncrementFlag()
    {
        await using var server = FakeVaultServer.Start().Respond("PUT", "/v1/auth/token/renew", 200, TokenEnvelopes.Created);

        var result = await CliRun.AgainstAsync(server, "token", "renew", "-i", "90", "s.other");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("""{"token":"s.other","increment":90}""", server.SingleRequest().Body);
    }

    [Fact]
    public async Task RenewByAccessorWithoutIncrementSendsZero()
    {
        await using var server = FakeVaultServer.Start().Respond("POST", "/v1/auth/token/renew-accessor", 200, TokenEnvelopes.Created);

        await CliRun.AgainstAsync(server, "token", "renew", "-accessor", "acc-c");

        Assert.Equal("""{"accessor":"acc-c","increment":0}""", server.SingleRequest().Body);
    }

    [Fact]
    public async Task RenewFailIfNotFulfilled()
    {
        await using var server = FakeVaultServer.Start().Respond("PUT", "/v1/auth/token/renew-self", 200, TokenEnvelopes.Created);

        var result = await CliRun.AgainstAsync(server, "token", "renew", "-increment=2h", "-fail-if-not-fulfilled");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("capped duration", result.Stdout);
    }

    [Fact]
    public async Task RenewOfANonRenewableTokenIsExitTwo()
    {
        await using var server = FakeVaultServer.Start().Respond("PUT", "/v1/auth/token/renew-self", 400, """{"errors":["lease is not renewable"]}""");

        var result = await CliRun.AgainstAsync(server, "token", "renew");

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("Error renewing token:", result.Stderr);
    }
}
