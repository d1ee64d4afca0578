using Coffer.Cli.Tests.Support;

namespace Coffer.Cli.Tests;

/// <summary>`kv delete`, `kv undelete`, `kv destroy`, `kv list` and `kv enable-versioning`.</summary>
public class KvVersionCommandTests
{
    [Fact]
    public async Task DeleteLatestIsADeleteOnTheDataPath()
    {
        await using var server = FakeVaultServer.Start().WithKvMount("secret/creds", "secret/", 2).Respond("DELETE", "/v1/secret/data/creds", 204);

        var result = await CliRun.AgainstAsync(server, "kv", "delete", "secret/creds");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("Success! Data deleted (if it existed) at: secret/data/creds", result.Stdout.TrimEnd());
    }

    [Fact]
    public async Task DeleteVersionsPostsTheListToTheDeletePath()
    {
        await using var server = FakeVaultServer.Start().WithKvMount("secret", "secret/", 2).Respond("PUT", "/v1/secret/delete/creds", 204);

        var result = await CliRun.AgainstAsync(server, "kv", "delete", "-mount=secret", "-versions=1,2", "-versions=4", "creds");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("""{"versions":["1","2","4"]}""", server.Requests[1].Body);
    }

    [Fact]
    public async Task V1DeleteRemovesThePath()
    {
        await using var server = FakeVaultServer.Start().WithKvMount("kv1", "kv1/", 1).Respond("DELETE", "/v1/kv1/foo", 204);

        var result = await CliRun.AgainstAsync(server, "kv", "delete", "-mount=kv1", "foo");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("Success! Data deleted (if it existed) at: kv1/foo", result.Stdout.TrimEnd());
    }

    [Theory]
    [InlineData("undelete")]
    [InlineData("destroy")]
    public async Task UndeleteAndDestroyPostVersions(string action)
    {
        await using var server = FakeVaultServer.Start().WithKvMount("secret/creds", "secret/", 2).Respond("PUT", $"/v1/secret/{action}/creds", 204);

        var result = await CliRun.AgainstAsync(server, "kv", action, "-versions=2", "secret/creds");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal($"Success! Data written to: secret/{action}/creds", result.Stdout.TrimEnd());
        Assert.Equal("""{"versions":["2"]}""", server.Requests[1].Body);
    }

    [Theory]
    [InlineData("undelete", "Undelete")]
    [InlineData("destroy", "Destroy")]
    public async Task UndeleteAndDestroyNeedVersionsAndV2(string action, string word)
    {
        await using var server = FakeVaultServer.Start().WithKvMount("kv1/foo", "kv1/", 1);

        var noVersions = await CliRun.AgainstAsync(server, "kv", action, "secret/creds");
        var v1 = await CliRun.AgainstAsync(server, "kv", action, "-versions=1", "kv1/foo");

        Assert.Equal(1, noVersions.ExitCode);
        Assert.Equal($"No versions provided, use the \"-versions\" flag to specify the version to {action}.", noVersions.Stderr.TrimEnd());
        Assert.Equal(1, v1.ExitCode);
        Assert.Equal($"{word} not supported on KV Version 1", v1.Stderr.TrimEnd());
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task ListUsesTheMetadataPathOnV2()
    {
        await using var server = FakeVaultServer.Start()
            .WithKvMount("secret", "secret/", 2)
            .Respond("LIST", "/v1/secret/metadata", 200, """{"data":{"keys":["b","a/"]}}""");

        var result = await CliRun.AgainstAsync(server, "kv", "list", "-mount=secret");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("Keys\n----\na/\nb\n", result.Stdout.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task ListOfNothingIsExitTwo()
    {
        await using var server = FakeVaultServer.Start().WithKvMount("secret/empty", "secret/", 2);

        var table = await CliRun.AgainstAsync(server, "kv", "list", "secret/empty");
        var json = await CliRun.AgainstAsync(server, "kv", "list", "-format=json", "secret/empty");

        Assert.Equal(2, table.ExitCode);
        Assert.Equal("No value found at secret/metadata/empty", table.Stderr.TrimEnd());
        Assert.Equal(2, json.ExitCode);
        Assert.Equal("{}", json.Stdout.TrimEnd());
    }

    [Fact]
    public async Task ListNeedsAPathUnlessMountIsGiven()
    {
        var result = await CliRun.RunAsync(["kv", "list"]);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("Not enough arguments (expected 1, got 0)", result.Stderr.TrimEnd());
    }

    [Fact]
    public async Task EnableVersioningTunesOptionsVersionTwo()
    {
        await using var server = FakeVaultServer.Start().Respond("POST", "/v1/sys/mounts/kv1/tune", 204);

        var result = await CliRun.AgainstAsync(server, "kv", "enable-versioning", "kv1/");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("Success! Tuned the secrets engine at: kv1/", result.Stdout.TrimEnd());
        Assert.Equal("""{"options":{"version":"2"}}""", server.SingleRequest().Body);
    }

    [Fact]
    public async Task EnableVersioningFailureIsExitTwo()
    {
        await using var server = FakeVaultServer.Start().Respond("POST", "/v1/sys/mounts/nope/tune", 400, """{"errors":["no mount at nope/"]}""");

        var result = await CliRun.AgainstAsync(server, "kv", "enable-versioning", "nope");

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("Error tuning secrets engine nope/: Error making API request.", result.Stderr);
    }
}
