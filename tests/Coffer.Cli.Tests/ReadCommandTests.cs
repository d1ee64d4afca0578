using System.Text.Json.Nodes;
using Coffer.Cli.Tests.Support;

namespace Coffer.Cli.Tests;

public class ReadCommandTests
{
    [Fact]
    public async Task SendsGetWithVaultHeadersToTheV1Path()
    {
        await using var server = FakeVaultServer.Start().Respond("GET", "/v1/secret/foo", 200, SampleEnvelopes.KvRead);

        var result = await CliRun.RunAsync(
            ["read", "-namespace=team-a", "/secret/foo/"],
            new Dictionary<string, string> { ["COFFER_ADDR"] = server.Address, ["COFFER_TOKEN"] = "s.abc" });

        Assert.Equal(0, result.ExitCode);
        var request = server.SingleRequest();
        Assert.Equal("GET", request.Method);
        Assert.Equal("/v1/secret/foo", request.Path);
        Assert.Equal("s.abc", request.Header("X-Vault-Token"));
        Assert.Equal("true", request.Header("X-Vault-Request"));
        Assert.Equal("team-a", request.Header("X-Vault-Namespace"));
        Assert.Contains("foo                 bar", result.Stdout);
    }

    [Fact]
    public async Task NoTokenMeansNoTokenHeader()
    {
        await using var server = FakeVaultServer.Start().Respond("GET", "/v1/sys/mounts", 200, """{"data":{"a":"b"}}""");

        await CliRun.RunAsync(["read", "sys/mounts"], new Dictionary<string, string> { ["COFFER_ADDR"] = server.Address });

        Assert.Null(server.SingleRequest().Header("X-Vault-Token"));
    }

    [Fact]
    public async Task KeyValueArgumentsBecomeQueryParameters()
    {
        await using var server = FakeVaultServer.Start().Respond("GET", "/v1/secret/data/foo", 200, """{"data":{"data":{"a":"1"}}}""");

        await CliRun.AgainstAsync(server, "read", "secret/data/foo", "version=2");

        Assert.Equal("?version=2", server.SingleRequest().Query);
    }

    [Fact]
    public async Task JsonFormatPrintsTheEnvelope()
    {
        await using var server = FakeVaultServer.Start().Respond("GET", "/v1/secret/foo", 200, SampleEnvelopes.KvRead);

        var result = await CliRun.AgainstAsync(server, "read", "-format=json", "secret/foo");

        var json = JsonNode.Parse(result.Stdout)!;
        Assert.Equal("req-1", json["request_id"]!.GetValue<string>());
        Assert.Equal("bar", json["data"]!["foo"]!.GetValue<string>());
        Assert.Contains("\n  \"lease_id\": \"\",", result.Stdout.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task FieldPrintsOnlyTheValue()
    {
        await using var server = FakeVaultServer.Start().Respond("GET", "/v1/secret/foo", 200, SampleEnvelopes.KvRead);

        var result = await CliRun.AgainstAsync(server, "read", "-field=foo", "secret/foo");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("bar", result.Stdout);
    }

    [Fact]
    public async Task MissingPathIsExitTwo()
    {
        await using var server = FakeVaultServer.Start();

        var result = await CliRun.AgainstAsync(server, "read", "secret/missing");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("No value found at secret/missing", result.Stderr.TrimEnd());
        Assert.Equal("", result.Stdout);
    }

    [Fact]
    public async Task PermissionDeniedIsExitTwoWithTheServerMessage()
    {
        await using var server = FakeVaultServer.Start().Respond("GET", "/v1/secret/foo", 403, """{"errors":["1 error occurred:","permission denied"]}""");

        var result = await CliRun.AgainstAsync(server, "read", "secret/foo");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(
            "Error reading secret/foo: Error making API request.\n\n" +
            $"URL: GET {server.Address}/v1/secret/foo\n" +
            "Code: 403. Errors:\n\n" +
            "* 1 error occurred:\n* permission denied\n",
            result.Stderr.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task NonJsonErrorBodyIsShownRaw()
    {
        await using var server = FakeVaultServer.Start().Respond("GET", "/v1/secret/foo", 502, "bad gateway");

        var result = await CliRun.AgainstAsync(server, "read", "secret/foo");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Code: 502. Raw Message:\n\nbad gateway", result.Stderr.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task MissingPathArgumentIsUsageError()
    {
        var result = await CliRun.RunAsync(["read"]);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Not enough arguments (expected 1, got 0)", result.Stderr);
    }

    [Fact]
    public async Task UnknownFlagIsUsageErrorAndSendsNothing()
    {
        await using var server = FakeVaultServer.Start();

        var result = await CliRun.AgainstAsync(server, "read", "-bogus", "secret/foo");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("flag provided but not defined: -bogus", result.Stderr);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task FlagAfterThePathIsWarnedAboutAndNotApplied()
    {
        await using var server = FakeVaultServer.Start().Respond("GET", "/v1/secret/foo", 200, SampleEnvelopes.KvRead);

        var result = await CliRun.AgainstAsync(server, "read", "secret/foo", "-field=foo");

        Assert.Contains("Command flags must be provided before positional arguments", result.Stderr);
        Assert.Equal("?-field=foo", Uri.UnescapeDataString(server.SingleRequest().Query));
    }

    [Fact]
    public async Task HelpExitsZero()
    {
        var result = await CliRun.RunAsync(["read", "-h"]);

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("Usage: coffer read", result.Stdout);
        Assert.Contains("-address", result.Stdout);
    }
}
