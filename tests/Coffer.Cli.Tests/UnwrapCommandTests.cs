using System.Text.Json.Nodes;
using Coffer.Cli.Tests.Support;

namespace Coffer.Cli.Tests;

public class UnwrapCommandTests
{
    [Fact]
    public async Task TokenArgumentGoesInTheBodyWhenAClientTokenIsSet()
    {
        await using var server = FakeVaultServer.Start().Respond("PUT", "/v1/sys/wrapping/unwrap", 200, SampleEnvelopes.KvRead);

        var result = await CliRun.AgainstAsync(server, "unwrap", "s.wrapping");

        Assert.Equal(0, result.ExitCode);
        var request = server.SingleRequest();
        Assert.Equal("s.test-token", request.Header("X-Vault-Token"));
        Assert.Equal("""{"token":"s.wrapping"}""", request.Body);
        Assert.Contains("foo                 bar", result.Stdout);
    }

    [Fact]
    public async Task TokenArgumentIsTheAuthenticationWhenThereIsNoClientToken()
    {
        await using var server = FakeVaultServer.Start().Respond("PUT", "/v1/sys/wrapping/unwrap", 200, SampleEnvelopes.KvRead);

        var result = await CliRun.RunAsync(["unwrap", "s.wrapping"], new Dictionary<string, string> { ["COFFER_ADDR"] = server.Address });

        Assert.Equal(0, result.ExitCode);
        var request = server.SingleRequest();
        Assert.Equal("s.wrapping", request.Header("X-Vault-Token"));
        Assert.Equal("", request.Body);
    }

    [Fact]
    public async Task WithoutArgumentTheClientTokenIsUnwrapped()
    {
        await using var server = FakeVaultServer.Start().Respond("PUT", "/v1/sys/wrapping/unwrap", 200, SampleEnvelopes.KvRead);

        await CliRun.AgainstAsync(server, "unwrap");

        var request = server.SingleRequest();
        Assert.Equal("s.test-token", request.Header("X-Vault-Token"));
        Assert.Equal("", request.Body);
    }

    [Fact]
    public async Task FieldAndJsonWorkLikeRead()
    {
        await using var server = FakeVaultServer.Start().Respond("PUT", "/v1/sys/wrapping/unwrap", 200, SampleEnvelopes.DynamicLease);

        var field = await CliRun.AgainstAsync(server, "unwrap", "-field=password", "s.w");
        var json = await CliRun.AgainstAsync(server, "unwrap", "-format=json", "s.w");

        Assert.Equal("pw", field.Stdout);
        Assert.Equal("database/creds/ro/abc", JsonNode.Parse(json.Stdout)!["lease_id"]!.GetValue<string>());
    }

    [Fact]
    public async Task WrappedLoginUnwrapsToTheTokenTable()
    {
        await using var server = FakeVaultServer.Start().Respond("PUT", "/v1/sys/wrapping/unwrap", 200, SampleEnvelopes.Login);

        var result = await CliRun.AgainstAsync(server, "unwrap", "s.w");

        Assert.Contains("token                  s.login", result.Stdout);
    }

    [Fact]
    public async Task WrappedListIsShownAsKeys()
    {
        await using var server = FakeVaultServer.Start().Respond("PUT", "/v1/sys/wrapping/unwrap", 200, """{"data":{"keys":["b","a/"]}}""");

        var result = await CliRun.AgainstAsync(server, "unwrap", "s.w");

        Assert.Equal("Keys\n----\na/\nb\n", result.Stdout.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task InvalidWrappingTokenIsExitTwo()
    {
        await using var server = FakeVaultServer.Start().Respond("PUT", "/v1/sys/wrapping/unwrap", 400, """{"errors":["wrapping token is not valid or does not exist"]}""");

        var result = await CliRun.AgainstAsync(server, "unwrap", "s.used");

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("Error unwrapping: Error making API request.", result.Stderr);
        Assert.Contains("* wrapping token is not valid or does not exist", result.Stderr);
    }

    [Fact]
    public async Task EmptyUnwrapIsExitTwo()
    {
        await using var server = FakeVaultServer.Start().Respond("PUT", "/v1/sys/wrapping/unwrap", 204);

        var result = await CliRun.AgainstAsync(server, "unwrap", "s.w");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("Could not find wrapped response", result.Stderr.TrimEnd());
    }

    [Fact]
    public async Task OldServersAreUnwrappedThroughTheCubbyhole()
    {
        var stored = new JsonObject { ["data"] = new JsonObject { ["response"] = SampleEnvelopes.KvRead } }.ToJsonString();
        await using var server = FakeVaultServer.Start().Respond("GET", "/v1/cubbyhole/response", 200, stored);

        var result = await CliRun.AgainstAsync(server, "unwrap", "s.old-wrap");

        Assert.Equal(0, result.ExitCode);
        var fallback = server.Requests[1];
        Assert.Equal(("GET", "/v1/cubbyhole/response"), (fallback.Method, fallback.Path));
        Assert.Equal("s.old-wrap", fallback.Header("X-Vault-Token"));
        Assert.Contains("foo                 bar", result.Stdout);
    }

    [Fact]
    public async Task TooManyArguments()
    {
        var result = await CliRun.RunAsync(["unwrap", "a", "b"]);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("Too many arguments (expected 0-1, got 2)", result.Stderr.TrimEnd());
    }
}
