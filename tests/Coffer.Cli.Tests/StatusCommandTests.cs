using Coffer.Cli.Tests.Support;

namespace Coffer.Cli.Tests;

public class StatusCommandTests
{
    private const string SealedStatus = """
        {"type":"shamir","initialized":true,"sealed":true,"t":3,"n":5,"progress":1,"nonce":"nonce-1",
         "version":"1.0.0","build_date":"2025-01-01T00:00:00Z","migration":false,"recovery_seal":false,
         "storage_type":"file"}
        """;

    private const string UnsealedStatus = """
        {"type":"shamir","initialized":true,"sealed":false,"t":3,"n":5,"progress":0,"nonce":"",
         "version":"1.0.0","build_date":"","migration":false,"recovery_seal":false,"storage_type":"file",
         "cluster_name":"coffer-cluster-1","cluster_id":"c-1"}
        """;

    [Fact]
    public async Task SealedServerPrintsProgressAndExitsTwo()
    {
        await using var server = FakeVaultServer.Start().Respond("GET", "/v1/sys/seal-status", 200, SealedStatus);

        var result = await CliRun.AgainstAsync(server, "status");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(
            "Key                Value\n" +
            "---                -----\n" +
            "Seal Type          shamir\n" +
            "Initialized        true\n" +
            "Sealed             true\n" +
            "Total Shares       5\n" +
            "Threshold          3\n" +
            "Unseal Progress    1/3\n" +
            "Unseal Nonce       nonce-1\n" +
            "Version            1.0.0\n" +
            "Build Date         2025-01-01T00:00:00Z\n" +
            "Storage Type       file\n" +
            "HA Enabled         false\n",
            result.Stdout.ReplaceLineEndings("\n"));
        var request = server.SingleRequest();
        Assert.Equal("GET", request.Method);
        Assert.Equal("true", request.Header("X-Vault-Request"));
    }

    [Fact]
    public async Task UnsealedServerWithHaShowsLeaderDetailsAndExitsZero()
    {
        await using var server = FakeVaultServer.Start()
            .Respond("GET", "/v1/sys/seal-status", 200, UnsealedStatus)
            .Respond("GET", "/v1/sys/leader", 200, """
                {"ha_enabled":true,"is_self":true,"active_time":"2025-01-02T03:04:05Z",
                 "leader_address":"https://a:8200","leader_cluster_address":"https://a:8201"}
                """);

        var result = await CliRun.AgainstAsync(server, "status");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(
            "Key             Value\n" +
            "---             -----\n" +
            "Seal Type       shamir\n" +
            "Initialized     true\n" +
            "Sealed          false\n" +
            "Total Shares    5\n" +
            "Threshold       3\n" +
            "Version         1.0.0\n" +
            "Build Date      n/a\n" +
            "Storage Type    file\n" +
            "Cluster Name    coffer-cluster-1\n" +
            "Cluster ID      c-1\n" +
            "HA Enabled      true\n" +
            "HA Cluster      https://a:8201\n" +
            "HA Mode         active\n" +
            "Active Since    2025-01-02T03:04:05Z\n",
            result.Stdout.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task MissingLeaderEndpointMeansHaDisabled()
    {
        await using var server = FakeVaultServer.Start().Respond("GET", "/v1/sys/seal-status", 200, UnsealedStatus);

        var result = await CliRun.AgainstAsync(server, "status");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("HA Enabled      false", result.Stdout);
    }

    [Fact]
    public async Task JsonFormatPrintsStatusFieldsWithHaEnabled()
    {
        await using var server = FakeVaultServer.Start().Respond("GET", "/v1/sys/seal-status", 200, SealedStatus);

        var result = await CliRun.AgainstAsync(server, "status", "-format=json");

        Assert.Equal(2, result.ExitCode);
        var json = System.Text.Json.Nodes.JsonNode.Parse(result.Stdout)!;
        Assert.True(json["sealed"]!.GetValue<bool>());
        Assert.False(json["ha_enabled"]!.GetValue<bool>());
        Assert.Equal("nonce-1", json["nonce"]!.GetValue<string>());
    }

    [Fact]
    public async Task UnreachableServerIsErrorExitOne()
    {
        string address;
        await using (var server = FakeVaultServer.Start())
        {
            address = server.Address;
        }

        var result = await CliRun.RunAsync(["status", "-address=" + address]);

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith($"Error checking seal status: Get \"{address}/v1/sys/seal-status\": ", result.Stderr);
    }

    [Fact]
    public async Task ApiErrorIsExitOneNotTwo()
    {
        await using var server = FakeVaultServer.Start().Respond("GET", "/v1/sys/seal-status", 500, """{"errors":["storage down"]}""");

        var result = await CliRun.AgainstAsync(server, "status");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("* storage down", result.Stderr);
    }

    [Fact]
    public async Task ArgumentsAreRejected()
    {
        var result = await CliRun.RunAsync(["status", "extra"]);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Too many arguments (expected 0, got 1)", result.Stderr);
    }
}
