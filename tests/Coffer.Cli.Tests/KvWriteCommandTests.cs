using System.Text.Json.Nodes;
using Coffer.Cli.Tests.Support;

namespace Coffer.Cli.Tests;

/// <summary>`kv put`, `kv patch` and `kv rollback`: the commands that write a new version.</summary>
public class KvWriteCommandTests
{
    [Fact]
    public async Task V2PutWrapsDataAndOptionsAndPrintsTheNewVersion()
    {
        await using var server = FakeVaultServer.Start()
            .WithKvMount("secret/creds", "secret/", 2)
            .Respond("PUT", "/v1/secret/data/creds", 200, KvEnvelopes.V2Write);

        var result = await CliRun.AgainstAsync(server, "kv", "put", "-cas=2", "secret/creds", "user=bob", "pass=x");

        Assert.Equal(0, result.ExitCode);
        var body = JsonNode.Parse(server.Requests[1].Body)!;
        Assert.Equal("bob", body["data"]!["user"]!.GetValue<string>());
        Assert.Equal(2, body["options"]!["cas"]!.GetValue<int>());
        Assert.StartsWith("== Secret Path ==\nsecret/data/creds\n\n======= Metadata =======\nKey ", result.Stdout.ReplaceLineEndings("\n"));
        Assert.Contains("version            3", result.Stdout);
    }

    [Fact]
    public async Task V2PutWithoutCasSendsEmptyOptions()
    {
        await using var server = FakeVaultServer.Start()
            .WithKvMount("secret", "secret/", 2)
            .Respond("PUT", "/v1/secret/data/creds", 200, KvEnvelopes.V2Write);

        var result = await CliRun.AgainstWithStdinAsync(server, """{"k":{"n":1}}""", "kv", "put", "-mount=secret", "-field=version", "creds", "-");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("3", result.Stdout);
        Assert.Equal("""{"data":{"k":{"n":1}},"options":{}}""", server.Requests[1].Body);
    }

    [Fact]
    public async Task V1PutSendsTheDataAsIs()
    {
        await using var server = FakeVaultServer.Start()
            .WithKvMount("kv1/foo", "kv1/", 1)
            .Respond("PUT", "/v1/kv1/foo", 204);

        var result = await CliRun.AgainstAsync(server, "kv", "put", "kv1/foo", "a=1");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("Success! Data written to: kv1/foo", result.Stdout.TrimEnd());
        Assert.Equal("""{"a":"1"}""", server.Requests[1].Body);
    }

    [Fact]
    public async Task PutNeedsData()
    {
        var none = await CliRun.RunAsync(["kv", "put"]);
        var noData = await CliRun.RunAsync(["kv", "put", "secret/foo"]);

        Assert.Equal(1, none.ExitCode);
        Assert.Contains("Not enough arguments (expected >1, got 0)", none.Stderr);
        Assert.Equal(1, noData.ExitCode);
        Assert.Contains("Must supply data", noData.Stderr);
    }

    [Fact]
    public async Task CasMismatchIsReportedWithTheServersErrors()
    {
        await using var server = FakeVaultServer.Start()
            .WithKvMount("secret/creds", "secret/", 2)
            .Respond("PUT", "/v1/secret/data/creds", 400, """{"errors":["check-and-set parameter did not match the current version"]}""");

        var result = await CliRun.AgainstAsync(server, "kv", "put", "-cas=1", "secret/creds", "a=b");

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("Error writing data to secret/data/creds: Error making API request.", result.Stderr);
        Assert.Contains("* check-and-set parameter did not match the current version", result.Stderr);
    }

    [Fact]
    public async Task PatchSendsAMergePatchWithRemovedKeysAsNull()
    {
        await using var server = FakeVaultServer.Start()
            .WithKvMount("secret/creds", "secret/", 2)
            .Respond("PATCH", "/v1/secret/data/creds", 200, KvEnvelopes.V2Write);

        var result = await CliRun.AgainstAsync(server, "kv", "patch", "-cas=3", "-remove-data=old", "secret/creds", "user=alice");

        Assert.Equal(0, result.ExitCode);
        var request = server.Requests[1];
        Assert.Equal("PATCH", request.Method);
        Assert.StartsWith("application/merge-patch+json", request.Header("Content-Type"));
        Assert.Equal("""{"data":{"user":"alice","old":null},"options":{"cas":3}}""", request.Body);
        Assert.Contains("== Secret Path ==", result.Stdout);
    }

    [Fact]
    public async Task PatchFallsBackToReadThenWriteWhenPatchIsNotAllowed()
    {
        await using var server = FakeVaultServer.Start()
            .WithKvMount("secret/creds", "secret/", 2)
            .Respond("PATCH", "/v1/secret/data/creds", 405, """{"errors":["unsupported operation"]}""")
            .Respond("GET", "/v1/secret/data/creds", 200, KvEnvelopes.V2Read)
            .Respond("PUT", "/v1/secret/data/creds", 200, KvEnvelopes.V2Write);

        var result = await CliRun.AgainstAsync(server, "kv", "patch", "-remove-data=passcode", "secret/creds", "user=alice");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["GET", "PATCH", "GET", "PUT"], server.Requests.Select(r => r.Method));
        Assert.Equal("""{"data":{"user":"alice"},"options":{"cas":3}}""", server.Requests[3].Body);
    }

    [Fact]
    public async Task PatchWithoutThePatchCapabilityFallsBackAndAdvises()
    {
        await using var server = FakeVaultServer.Start()
            .WithKvMount("secret/creds", "secret/", 2)
            .Respond("PATCH", "/v1/secret/data/creds", 403, """{"errors":["1 error occurred:\n\t* permission denied\n\n"]}""")
            .Respond("GET", "/v1/secret/data/creds", 200, KvEnvelopes.V2Read)
            .Respond("PUT", "/v1/secret/data/creds", 200, KvEnvelopes.V2Write);

        var result = await CliRun.AgainstAsync(server, "kv", "patch", "-field=version", "secret/creds", "user=alice");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("3", result.Stdout);
        Assert.Contains("add the \"patch\" capability", result.Stderr);
        Assert.Equal("""{"data":{"passcode":"my-long-passcode","user":"alice"},"options":{"cas":3}}""", server.Requests[3].Body);
    }

    [Fact]
    public async Task PatchMethodPatchDoesNotFallBack()
    {
        await using var server = FakeVaultServer.Start()
            .WithKvMount("secret/creds", "secret/", 2)
            .Respond("PATCH", "/v1/secret/data/creds", 405, """{"errors":["unsupported operation"]}""");

        var result = await CliRun.AgainstAsync(server, "kv", "patch", "-method=patch", "secret/creds", "a=b");

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("Error writing data to secret/data/creds:", result.Stderr);
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task PatchReadWriteOnMissingSecretIsExitTwo()
    {
        await using var server = FakeVaultServer.Start().WithKvMount("secret/none", "secret/", 2);

        var result = await CliRun.AgainstAsync(server, "kv", "patch", "-method=rw", "secret/none", "a=b");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("No value found at secret/data/none", result.Stderr.TrimEnd());
    }

    [Fact]
    public async Task PatchOnV1AndUnknownMethodAreRefused()
    {
        await using var server = FakeVaultServer.Start().WithKvMount("kv1/foo", "kv1/", 1).WithKvMount("secret/foo", "secret/", 2);

        var v1 = await CliRun.AgainstAsync(server, "kv", "patch", "kv1/foo", "a=b");
        var method = await CliRun.AgainstAsync(server, "kv", "patch", "-method=put", "secret/foo", "a=b");

        Assert.Equal(2, v1.ExitCode);
        Assert.Equal("K/V engine mount must be version 2 for patch support", v1.Stderr.TrimEnd());
        Assert.Equal(2, method.ExitCode);
        Assert.Equal("Unsupported method provided to -method flag: put", method.Stderr.TrimEnd());
        Assert.DoesNotContain(server.Requests, r => r.Method != "GET");
    }

    [Fact]
    public async Task RollbackWritesTheOldDataWithCasOnTheLatestVersion()
    {
        await using var server = FakeVaultServer.Start()
            .WithKvMount("secret/creds", "secret/", 2)
            .Respond("GET", "/v1/secret/data/creds", 200, KvEnvelopes.V2Read)
            .Respond("PUT", "/v1/secret/data/creds", 200, KvEnvelopes.V2Write);

        var result = await CliRun.AgainstAsync(server, "kv", "rollback", "-version=1", "secret/creds");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["", "", "?version=1", ""], server.Requests.Select(r => r.Query));
        Assert.Equal("""{"data":{"passcode":"my-long-passcode","user":"bob"},"options":{"cas":3}}""", server.Requests[3].Body);
    }

    [Fact]
    public async Task RollbackToADeletedVersionIsRefused()
    {
        await using var server = FakeVaultServer.Start()
            .WithKvMount("secret/creds", "secret/", 2)
            .Respond("GET", "/v1/secret/data/creds", 404, KvEnvelopes.V2Deleted);

        var result = await CliRun.AgainstAsync(server, "kv", "rollback", "-version=3", "secret/creds");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("Cannot roll back to a version that has been deleted", result.Stderr.TrimEnd());
        Assert.DoesNotContain(server.Requests, r => r.Method == "PUT");
    }

    [Theory]
    [InlineData(new[] { "kv", "rollback", "secret/a" }, "Version flag must be specified")]
    [InlineData(new[] { "kv", "rollback", "-version=0", "secret/a" }, "Invalid value 0 for the version flag")]
    [InlineData(new[] { "kv", "rollback", "-version=1" }, "Invalid number of arguments (expected 1, got 0)")]
    public async Task RollbackUsageErrors(string[] args, string message)
    {
        var result = await CliRun.RunAsync(args);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(message, result.Stderr.TrimEnd());
    }
}
