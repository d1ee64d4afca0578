using System.Text.Json.Nodes;
using Coffer.Cli.Tests.Support;

namespace Coffer.Cli.Tests;

public class TokenCreateCommandTests
{
    [Fact]
    public async Task SendsVaultsCreateRequestWithRepeatedFlags()
    {
        await using var server = FakeVaultServer.Start().Respond("POST", "/v1/auth/token/create", 200, TokenEnvelopes.Created);

        var result = await CliRun.AgainstAsync(server,
            "token", "create", "-policy=web", "-policy", "db", "-metadata=app=web", "-metadata", "tier=a=b",
            "-ttl=1h", "-explicit-max-ttl=90m", "-display-name=ci", "-use-limit=3", "-no-default-policy");

        Assert.Equal(0, result.ExitCode);
        var request = server.SingleRequest();
        Assert.Equal("POST", request.Method);
        Assert.Equal("s.test-token", request.Header("X-Vault-Token"));
        Assert.Equal(
            """{"policies":["web","db"],"meta":{"app":"web","tier":"a=b"},"ttl":"1h0m0s","explicit_max_ttl":"1h30m0s","no_default_policy":true,"display_name":"ci","num_uses":3,"renewable":true,"type":"service"}""",
            request.Body);
    }

    [Fact]
    public async Task DefaultsSendOnlyWhatVaultAlwaysSends()
    {
        await using var server = FakeVaultServer.Start().Respond("POST", "/v1/auth/token/create", 200, TokenEnvelopes.Created);

        await CliRun.AgainstAsync(server, "token", "create");

        Assert.Equal("""{"display_name":"","num_uses":0,"renewable":true,"type":"service"}""", server.SingleRequest().Body);
    }

    [Fact]
    public async Task OrphanUsesCreateOrphan()
    {
        await using var server = FakeVaultServer.Start().Respond("POST", "/v1/auth/token/create-orphan", 200, TokenEnvelopes.Created);

        var result = await CliRun.AgainstAsync(server, "token", "create", "-orphan", "-period=24h");

        Assert.Equal(0, result.ExitCode);
        var body = JsonNode.Parse(server.SingleRequest().Body)!;
        Assert.True(body["no_parent"]!.GetValue<bool>());
        Assert.Equal("24h0m0s", body["period"]!.GetValue<string>());
    }

    [Fact]
    public async Task RoleUsesTheRolePath()
    {
        await using var server = FakeVaultServer.Start().Respond("POST", "/v1/auth/token/create/deployer", 200, TokenEnvelopes.Created);

        var result = await CliRun.AgainstAsync(server, "token", "create", "-role=deployer", "-orphan");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("/v1/auth/token/create/deployer", server.SingleRequest().Path);
    }

    [Fact]
    public async Task BatchTokensAreNeverRequestedRenewable()
    {
        await using var server = FakeVaultServer.Start().Respond("POST", "/v1/auth/token/create", 200, TokenEnvelopes.Created);

        await CliRun.AgainstAsync(server, "token", "create", "-type=batch", "-renewable=true");

        var body = JsonNode.Parse(server.SingleRequest().Body)!;
        Assert.False(body["renewable"]!.GetValue<bool>());
        Assert.Equal("batch", body["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task RenewableCanBeSwitchedOff()
    {
        await using var server = FakeVaultServer.Start().Respond("POST", "/v1/auth/token/create", 200, TokenEnvelopes.Created);

        await CliRun.AgainstAsync(server, "token", "create", "-renewable=false");

        Assert.False(JsonNode.Parse(server.SingleRequest().Body)!["renewable"]!.GetValue<bool>());
    }

    [Fact]
    public async Task PrintsTheTokenTable()
    {
        await using var server = FakeVaultServer.Start().Respond("POST", "/v1/auth/token/create", 200, TokenEnvelopes.Created);

        var result = await CliRun.AgainstAsync(server, "token", "create", "-policy=web");

        Assert.Equal(
            "Key                  Value\n" +
            "---                  -----\n" +
            "token                s.created\n" +
            "token_accessor       acc-c\n" +
            "token_duration       1h\n" +
            "token_renewable      true\n" +
            "token_policies       [\"default\" \"web\"]\n" +
            "identity_policies    []\n" +
            "policies             [\"default\" \"web\"]\n" +
            "token_meta_app       web\n",
            result.Stdout.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task FieldTokenPrintsTheRawToken()
    {
        await using var server = FakeVaultServer.Start().Respond("POST", "/v1/auth/token/create", 200, TokenEnvelopes.Created);

        var result = await CliRun.AgainstAsync(server, "token", "create", "-field=token");

        Assert.Equal("s.created", result.Stdout);
    }

    [Fact]
    public async Task JsonFormatPrintsTheEnvelope()
    {
        await using var server = FakeVaultServer.Start().Respond("POST", "/v1/auth/token/create", 200, TokenEnvelopes.Created);

        var result = await CliRun.AgainstAsync(server, "token", "create", "-format=json");

        var json = JsonNode.Parse(result.Stdout)!;
        Assert.Equal("s.created", json["auth"]!["client_token"]!.GetValue<string>());
        Assert.Null(json["data"]);
    }

    [Fact]
    public async Task WrapTtlGivesVaultsWrappedTable()
    {
        await using var server = FakeVaultServer.Start().Respond("POST", "/v1/auth/token/create", 200, SampleEnvelopes.Wrapped);

        var result = await CliRun.AgainstAsync(server, "token", "create", "-wrap-ttl=300");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("300", server.SingleRequest().Header("X-Vault-Wrap-TTL"));
        Assert.Equal(
            "Key                              Value\n" +
            "---                              -----\n" +
            "wrapping_token:                  s.wrapping\n" +
            "wrapping_accessor:               wacc\n" +
            "wrapping_token_ttl:              5m\n" +
            "wrapping_token_creation_time:    2024-05-01 10:00:00 +0000 UTC\n" +
            "wrapping_token_creation_path:    auth/approle/role/r/secret-id\n",
            result.Stdout.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task WrapTtlWithFieldPrintsTheWrappingToken()
    {
        await using var server = FakeVaultServer.Start().Respond("POST", "/v1/auth/token/create", 200, SampleEnvelopes.Wrapped);

        var result = await CliRun.AgainstAsync(server, "token", "create", "-wrap-ttl=5m", "-field=wrapping_token");

        Assert.Equal("s.wrapping", result.Stdout);
    }

    [Fact]
    public async Task InvalidWrapTtlIsAUsageError()
    {
        await using var server = FakeVaultServer.Start();

        var result = await CliRun.AgainstAsync(server, "token", "create", "-wrap-ttl=soon");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("invalid value \"soon\" for flag -wrap-ttl", result.Stderr);
        Assert.Empty(server.Requests);
    }

    [Theory]
    [InlineData("-ttl=forever", "invalid value \"forever\" for flag -ttl")]
    [InlineData("-metadata=novalue", "missing = in KV pair")]
    [InlineData("-use-limit=many", "invalid value \"many\" for flag -use-limit")]
    public async Task BadFlagValuesAreUsageErrors(string flag, string message)
    {
        await using var server = FakeVaultServer.Start();

        var result = await CliRun.AgainstAsync(server, "token", "create", flag);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(message, result.Stderr);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task PositionalArgumentsAreRejected()
    {
        await using var server = FakeVaultServer.Start();

        var result = await CliRun.AgainstAsync(server, "token", "create", "extra");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Too many arguments (expected 0, got 1)", result.Stderr);
    }

    [Fact]
    public async Task ServerErrorIsExitTwo()
    {
        await using var server = FakeVaultServer.Start().Respond("POST", "/v1/auth/token/create", 400, """{"errors":["child policies must be subset of parent"]}""");

        var result = await CliRun.AgainstAsync(server, "token", "create", "-policy=root");

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("Error creating token: Error making API request.", result.Stderr);
        Assert.Contains("* child policies must be subset of parent", result.Stderr);
    }
}
