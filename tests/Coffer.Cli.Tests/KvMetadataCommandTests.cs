using System.Text.Json.Nodes;
using Coffer.Cli.Tests.Support;

namespace Coffer.Cli.Tests;

public class KvMetadataCommandTests
{
    private const string MetadataRead = """
        {"request_id":"m1","data":{"cas_required":false,"created_time":"2024-05-01T10:00:00Z","current_version":2,
         "custom_metadata":{"team":"ops"},"delete_version_after":"0s","max_versions":0,"oldest_version":0,
         "updated_time":"2024-05-02T10:00:00Z",
         "versions":{"10":{"created_time":"2024-05-03T10:00:00Z","deletion_time":"","destroyed":false},
                     "2":{"created_time":"2024-05-02T10:00:00Z","deletion_time":"","destroyed":true}}}}
        """;

    [Fact]
    public async Task GetPrintsSettingsThenVersionsInNumericOrder()
    {
        await using var server = FakeVaultServer.Start()
            .WithKvMount("secret/creds", "secret/", 2)
            .Respond("GET", "/v1/secret/metadata/creds", 200, MetadataRead);

        var result = await CliRun.AgainstAsync(server, "kv", "metadata", "get", "secret/creds");

        Assert.Equal(0, result.ExitCode);
        var text = result.Stdout.ReplaceLineEndings("\n");
        Assert.StartsWith("=== Metadata Path ===\nsecret/metadata/creds\n\n========== Metadata ==========\nKey                     Value\n", text);
        Assert.Contains("custom_metadata         map[team:ops]\n", text);
        Assert.DoesNotContain("\nversions ", text);
        Assert.True(text.IndexOf("= Version 2 =", StringComparison.Ordinal) < text.IndexOf("= Version 10 =", StringComparison.Ordinal));
        Assert.Contains("\n\n====== Version 2 ======\nKey              Value\n", text);
    }

    [Fact]
    public async Task GetJsonKeepsVersions()
    {
        await using var server = FakeVaultServer.Start()
            .WithKvMount("secret/creds", "secret/", 2)
            .Respond("GET", "/v1/secret/metadata/creds", 200, MetadataRead);

        var result = await CliRun.AgainstAsync(server, "kv", "metadata", "get", "-format=json", "secret/creds");

        Assert.True(JsonNode.Parse(result.Stdout)!["data"]!["versions"]!["2"]!["destroyed"]!.GetValue<bool>());
    }

    [Fact]
    public async Task PutSendsOnlyTheGivenSettings()
    {
        await using var server = FakeVaultServer.Start().WithKvMount("secret/creds", "secret/", 2).Respond("PUT", "/v1/secret/metadata/creds", 204);

        var result = await CliRun.AgainstAsync(
            server, "kv", "metadata", "put", "-max-versions=5", "-cas-required", "-delete-version-after=90m",
            "-custom-metadata=team=ops", "-custom-metadata=note=a=b", "secret/creds");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("Success! Data written to: secret/metadata/creds", result.Stdout.TrimEnd());
        Assert.Equal(
            """{"max_versions":5,"cas_required":true,"delete_version_after":"1h30m0s","custom_metadata":{"team":"ops","note":"a=b"}}""",
            server.Requests[1].Body);
    }

    [Fact]
    public async Task PutWithNoFlagsSendsAnEmptyObject()
    {
        await using var server = FakeVaultServer.Start().WithKvMount("secret/creds", "secret/", 2).Respond("PUT", "/v1/secret/metadata/creds", 204);

        await CliRun.AgainstAsync(server, "kv", "metadata", "put", "secret/creds");

        Assert.Equal("{}", server.Requests[1].Body);
    }

    [Fact]
    public async Task PatchSendsAMergePatchRemovingCustomKeys()
    {
        await using var server = FakeVaultServer.Start().WithKvMount("secret/creds", "secret/", 2).Respond("PATCH", "/v1/secret/metadata/creds", 204);

        var result = await CliRun.AgainstAsync(
            server, "kv", "metadata", "patch", "-cas-required=false", "-custom-metadata=env=prod", "-remove-custom-metadata=team", "secret/creds");

        Assert.Equal(0, result.ExitCode);
        var request = server.Requests[1];
        Assert.StartsWith("application/merge-patch+json", request.Header("Content-Type"));
        Assert.Equal("""{"cas_required":false,"custom_metadata":{"env":"prod","team":null}}""", request.Body);
    }

    [Fact]
    public async Task DeleteRemovesTheMetadataPath()
    {
        await using var server = FakeVaultServer.Start().WithKvMount("secret/creds", "secret/", 2).Respond("DELETE", "/v1/secret/metadata/creds", 204);

        var result = await CliRun.AgainstAsync(server, "kv", "metadata", "delete", "secret/creds");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("Success! Data deleted (if it existed) at: secret/metadata/creds", result.Stdout.TrimEnd());
    }

    [Theory]
    [InlineData("get")]
    [InlineData("put")]
    [InlineData("patch")]
    [InlineData("delete")]
    public async Task MetadataOnV1IsRefused(string verb)
    {
        await using var server = FakeVaultServer.Start().WithKvMount("kv1/foo", "kv1/", 1);

        var result = await CliRun.AgainstAsync(server, "kv", "metadata", verb, "kv1/foo");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("Metadata not supported on KV Version 1", result.Stderr.TrimEnd());
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task BadCustomMetadataIsAFlagError()
    {
        var result = await CliRun.RunAsync(["kv", "metadata", "put", "-custom-metadata=novalue", "secret/creds"]);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("missing = in KV pair", result.Stderr);
    }
}
