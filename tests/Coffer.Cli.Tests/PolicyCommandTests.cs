using System.Text.Json.Nodes;
using Coffer.Cli.Tests.Support;

namespace Coffer.Cli.Tests;

public sealed class PolicyCommandTests : IDisposable
{
    private const string Rules = "path \"secret/*\" {\n  capabilities = [\"read\"]\n}\n";
    private readonly TempDirectory _directory = new("coffer-policy-");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task WriteUploadsTheFileToTheAclEndpoint()
    {
        var file = _directory.PathOf("ops.hcl");
        File.WriteAllText(file, Rules);
        await using var server = FakeVaultServer.Start().Respond("PUT", "/v1/sys/policies/acl/ops", 204);

        var result = await CliRun.AgainstAsync(server, "policy", "write", "OPS", file);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("Success! Uploaded policy: ops", result.Stdout.TrimEnd());
        var request = server.SingleRequest();
        Assert.Equal("PUT", request.Method);
        Assert.Equal(Rules, JsonNode.Parse(request.Body)!["policy"]!.GetValue<string>());
    }

    [Fact]
    public async Task WriteReadsStdinForDash()
    {
        await using var server = FakeVaultServer.Start().Respond("PUT", "/v1/sys/policies/acl/ops", 204);

        var result = await CliRun.AgainstWithStdinAsync(server, Rules, "policy", "write", "ops", "-");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(Rules, JsonNode.Parse(server.SingleRequest().Body)!["policy"]!.GetValue<string>());
    }

    [Fact]
    public async Task WriteOfAMissingFileSendsNothing()
    {
        await using var server = FakeVaultServer.Start();

        var result = await CliRun.AgainstAsync(server, "policy", "write", "ops", _directory.PathOf("missing.hcl"));

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("Error opening policy file:", result.Stderr);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task WriteRejectedByTheServerIsExitTwo()
    {
        await using var server = FakeVaultServer.Start().Respond("PUT", "/v1/sys/policies/acl/root", 400, """{"errors":["cannot update \"root\" policy"]}""");

        var result = await CliRun.AgainstWithStdinAsync(server, Rules, "policy", "write", "root", "-");

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("Error uploading policy: Error making API request.", result.Stderr);
    }

    [Fact]
    public async Task WriteNeedsTwoArguments()
    {
        var result = await CliRun.RunAsync(["policy", "write", "ops"]);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("Not enough arguments (expected 2, got 1)", result.Stderr.TrimEnd());
    }

    [Fact]
    public async Task ReadPrintsThePolicyText()
    {
        await using var server = FakeVaultServer.Start().Respond("GET", "/v1/sys/policies/acl/ops", 200,
            JsonEnvelope(new JsonObject { ["name"] = "ops", ["policy"] = "\n" + Rules + "\n" }));

        var result = await CliRun.AgainstAsync(server, "policy", "read", "Ops");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(Rules, result.Stdout.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task ReadAsJsonWrapsThePolicyText()
    {
        await using var server = FakeVaultServer.Start().Respond("GET", "/v1/sys/policies/acl/ops", 200,
            JsonEnvelope(new JsonObject { ["name"] = "ops", ["policy"] = Rules }));

        var result = await CliRun.AgainstAsync(server, "policy", "read", "-format=json", "ops");

        Assert.Equal(Rules, JsonNode.Parse(result.Stdout)!["policy"]!.GetValue<string>());
    }

    [Fact]
    public async Task ReadOfAMissingPolicyIsExitTwo()
    {
        await using var server = FakeVaultServer.Start();

        var result = await CliRun.AgainstAsync(server, "policy", "read", "nope");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("No policy named: nope", result.Stderr.TrimEnd());
    }

    [Fact]
    public async Task ReadOfRootWhichHasNoTextIsReportedMissing()
    {
        await using var server = FakeVaultServer.Start().Respond("GET", "/v1/sys/policies/acl/root", 200, JsonEnvelope(new JsonObject { ["name"] = "root", ["policy"] = "" }));

        var result = await CliRun.AgainstAsync(server, "policy", "read", "root");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("No policy named: root", result.Stderr.TrimEnd());
    }

    [Fact]
    public async Task ListUsesGetWithListTrueAndPrintsOneNamePerLine()
    {
        await using var server = FakeVaultServer.Start().Respond("GET", "/v1/sys/policies/acl", 200,
            """{"data":{"keys":["default","ops","root"]}}""");

        var result = await CliRun.AgainstAsync(server, "policy", "list");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("?list=true", server.SingleRequest().Query);
        Assert.Equal("default\nops\nroot\n", result.Stdout.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task ListAsJsonIsAnArray()
    {
        await using var server = FakeVaultServer.Start().Respond("GET", "/v1/sys/policies/acl", 200, """{"data":{"keys":["default","root"]}}""");

        var result = await CliRun.AgainstAsync(server, "policy", "list", "-format=json");

        Assert.Equal(["default", "root"], JsonNode.Parse(result.Stdout)!.AsArray().Select(n => n!.GetValue<string>()));
    }

    [Fact]
    public async Task ListFailureIsExitTwo()
    {
        await using var server = FakeVaultServer.Start().Respond("GET", "/v1/sys/policies/acl", 403, """{"errors":["permission denied"]}""");

        var result = await CliRun.AgainstAsync(server, "policy", "list");

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("Error listing policies:", result.Stderr);
    }

    [Fact]
    public async Task DeleteSendsDelete()
    {
        await using var server = FakeVaultServer.Start().Respond("DELETE", "/v1/sys/policies/acl/ops", 204);

        var result = await CliRun.AgainstAsync(server, "policy", "delete", "ops");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("DELETE", server.SingleRequest().Method);
        Assert.Equal("Success! Deleted policy: ops", result.Stdout.TrimEnd());
    }

    [Fact]
    public async Task DeleteRefusedIsExitTwo()
    {
        await using var server = FakeVaultServer.Start().Respond("DELETE", "/v1/sys/policies/acl/default", 400, """{"errors":["cannot delete default policy"]}""");

        var result = await CliRun.AgainstAsync(server, "policy", "delete", "default");

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("Error deleting default: Error making API request.", result.Stderr);
    }

    private static string JsonEnvelope(JsonObject data) => new JsonObject { ["request_id"] = "r", ["data"] = data }.ToJsonString();
}
