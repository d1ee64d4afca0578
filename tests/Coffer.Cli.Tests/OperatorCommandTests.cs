using System.Text.Json.Nodes;
using Coffer.Cli.Tests.Support;

namespace Coffer.Cli.Tests;

public class OperatorCommandTests
{
    private const string InitResponse = """
        {"keys":["aa01","bb02","cc03"],"keys_base64":["qgE=","uwI=","zAM="],"root_token":"s.root"}
        """;

    private const string PartlyUnsealed = """
        {"type":"shamir","initialized":true,"sealed":true,"t":2,"n":3,"progress":1,"nonce":"n-1","version":"1.0.0","storage_type":"file"}
        """;

    [Fact]
    public async Task InitSendsShareCountsAndPrintsKeysAndToken()
    {
        await using var server = FakeVaultServer.Start().Respond("PUT", "/v1/sys/init", 200, InitResponse);

        var result = await CliRun.AgainstAsync(server, "operator", "init", "-key-shares=3", "-key-threshold", "2");

        Assert.Equal(0, result.ExitCode);
        var request = server.SingleRequest();
        Assert.Equal("PUT", request.Method);
        Assert.Equal("""{"secret_shares":3,"secret_threshold":2}""", request.Body);
        var lines = result.Stdout.ReplaceLineEndings("\n").Split('\n');
        Assert.Equal(["Unseal Key 1: qgE=", "Unseal Key 2: uwI=", "Unseal Key 3: zAM=", "", "Initial Root Token: s.root", ""], lines[..6]);
        Assert.Contains("key threshold of 2", result.Stdout);
    }

    [Fact]
    public async Task InitDefaultsToFiveSharesAndThresholdThree()
    {
        await using var server = FakeVaultServer.Start().Respond("PUT", "/v1/sys/init", 200, InitResponse);

        await CliRun.AgainstAsync(server, "operator", "init");

        Assert.Equal("""{"secret_shares":5,"secret_threshold":3}""", server.SingleRequest().Body);
    }

    [Fact]
    public async Task InitJsonMatchesVaultsMachineLayout()
    {
        await using var server = FakeVaultServer.Start().Respond("PUT", "/v1/sys/init", 200, InitResponse);

        var result = await CliRun.AgainstAsync(server, "operator", "init", "-format=json", "-n=3", "-t=2");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(
            """{"unseal_keys_b64":["qgE=","uwI=","zAM="],"unseal_keys_hex":["aa01","bb02","cc03"],"unseal_shares":3,"unseal_threshold":2,"recovery_keys_b64":[],"recovery_keys_hex":[],"recovery_keys_shares":0,"recovery_keys_threshold":0,"root_token":"s.root"}""",
            JsonNode.Parse(result.Stdout)!.ToJsonString());
    }

    [Fact]
    public async Task InitFieldPrintsJustTheRootToken()
    {
        await using var server = FakeVaultServer.Start().Respond("PUT", "/v1/sys/init", 200, InitResponse);

        var result = await CliRun.AgainstAsync(server, "operator", "init", "-field=root_token");

        Assert.Equal("s.root", result.Stdout);
    }

    [Fact]
    public async Task InitErrorIsExitTwoWithVaultErrorLayout()
    {
        await using var server = FakeVaultServer.Start().Respond("PUT", "/v1/sys/init", 400, """{"errors":["Vault is already initialized"]}""");

        var result = await CliRun.AgainstAsync(server, "operator", "init");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(
            "Error initializing: Error making API request.\n\n" +
            $"URL: PUT {server.Address}/v1/sys/init\n" +
            "Code: 400. Errors:\n\n" +
            "* Vault is already initialized\n",
            result.Stderr.ReplaceLineEndings("\n"));
    }

    [Theory]
    [InlineData("""{"initialized":true}""", 0, "Vault is initialized")]
    [InlineData("""{"initialized":false}""", 2, "Vault is not initialized")]
    public async Task InitStatusReportsThroughTheExitCode(string body, int expectedExit, string expectedText)
    {
        await using var server = FakeVaultServer.Start().Respond("GET", "/v1/sys/init", 200, body);

        var result = await CliRun.AgainstAsync(server, "operator", "init", "-status");

        Assert.Equal(expectedExit, result.ExitCode);
        Assert.Equal(expectedText, result.Stdout.TrimEnd());
        Assert.Equal("GET", server.SingleRequest().Method);
    }

    [Fact]
    public async Task UnsealWithKeyArgumentSendsItAndShowsStatus()
    {
        await using var server = FakeVaultServer.Start().Respond("PUT", "/v1/sys/unseal", 200, PartlyUnsealed);

        var result = await CliRun.AgainstAsync(server, "operator", "unseal", "qgE=");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("""{"key":"qgE="}""", server.SingleRequest().Body);
        Assert.Contains("Unseal Progress    1/2", result.Stdout);
    }

    [Fact]
    public async Task UnsealWithoutKeyPromptsOnStderrAndReadsStdin()
    {
        await using var server = FakeVaultServer.Start().Respond("PUT", "/v1/sys/unseal", 200, PartlyUnsealed);

        var result = await CliRun.AgainstWithStdinAsync(server, "uwI=\n", "operator", "unseal");

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("Unseal Key (will be hidden): ", result.Stderr);
        Assert.DoesNotContain("uwI=", result.Stdout + result.Stderr);
        Assert.Equal("""{"key":"uwI="}""", server.SingleRequest().Body);
    }

    [Fact]
    public async Task UnsealWithClosedStdinFailsLocally()
    {
        await using var server = FakeVaultServer.Start();

        var result = await CliRun.AgainstAsync(server, "operator", "unseal");

        Assert.Equal(1, result.ExitCode);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task UnsealResetSendsResetFlag()
    {
        await using var server = FakeVaultServer.Start().Respond("PUT", "/v1/sys/unseal", 200, PartlyUnsealed);

        var result = await CliRun.AgainstAsync(server, "operator", "unseal", "-reset");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("""{"reset":true}""", server.SingleRequest().Body);
    }

    [Fact]
    public async Task UnsealRejectedKeyIsExitTwo()
    {
        await using var server = FakeVaultServer.Start().Respond("PUT", "/v1/sys/unseal", 400, """{"errors":["invalid key"]}""");

        var result = await CliRun.AgainstAsync(server, "operator", "unseal", "bad");

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("Error unsealing: Error making API request.", result.Stderr);
    }

    [Fact]
    public async Task SealSendsPutAndConfirms()
    {
        await using var server = FakeVaultServer.Start().Respond("PUT", "/v1/sys/seal", 204);

        var result = await CliRun.AgainstAsync(server, "operator", "seal");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("Success! Vault is sealed.", result.Stdout.TrimEnd());
        var request = server.SingleRequest();
        Assert.Equal("PUT", request.Method);
        Assert.Equal("s.test-token", request.Header("X-Vault-Token"));
    }

    [Fact]
    public async Task SealForbiddenIsExitTwo()
    {
        await using var server = FakeVaultServer.Start().Respond("PUT", "/v1/sys/seal", 403, """{"errors":["permission denied"]}""");

        var result = await CliRun.AgainstAsync(server, "operator", "seal");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Code: 403. Errors:", result.Stderr);
    }
}
