using Coffer.Cli.Tests.Support;

namespace Coffer.Cli.Tests;

public class ListAndDeleteCommandTests
{
    private const string Keys = """{"data":{"keys":["zeta","alpha/","beta"]}}""";

    [Fact]
    public async Task ListUsesTheListVerbWithTrailingSlashAndSortsKeys()
    {
        await using var server = FakeVaultServer.Start().Respond("LIST", "/v1/secret/", 200, Keys);

        var result = await CliRun.AgainstAsync(server, "list", "secret");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("Keys\n----\nalpha/\nbeta\nzeta\n", result.Stdout.ReplaceLineEndings("\n"));
        var request = server.SingleRequest();
        Assert.Equal("LIST", request.Method);
        Assert.Equal("/v1/secret/", request.Path);
    }

    [Fact]
    public async Task ListJsonPrintsTheKeysArray()
    {
        await using var server = FakeVaultServer.Start().Respond("LIST", "/v1/secret/", 200, Keys);

        var result = await CliRun.AgainstAsync(server, "list", "-format=json", "secret/");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("""["zeta","alpha/","beta"]""", System.Text.Json.Nodes.JsonNode.Parse(result.Stdout)!.ToJsonString());
    }

    [Fact]
    public async Task ListOfNothingIsExitTwo()
    {
        await using var server = FakeVaultServer.Start();

        var table = await CliRun.AgainstAsync(server, "list", "secret/empty");
        var json = await CliRun.AgainstAsync(server, "list", "-format=json", "secret/empty");

        Assert.Equal(2, table.ExitCode);
        Assert.Equal("No value found at secret/empty/", table.Stderr.TrimEnd());
        Assert.Equal(2, json.ExitCode);
        Assert.Equal("{}", json.Stdout.Trim());
    }

    [Fact]
    public async Task ListTakesExactlyOnePath()
    {
        var result = await CliRun.RunAsync(["list", "a", "b"]);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Too many arguments (expected 1, got 2)", result.Stderr);
    }

    [Fact]
    public async Task DeleteSendsDeleteAndConfirms()
    {
        await using var server = FakeVaultServer.Start().Respond("DELETE", "/v1/secret/foo", 204);

        var result = await CliRun.AgainstAsync(server, "delete", "secret/foo");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("Success! Data deleted (if it existed) at: secret/foo", result.Stdout.TrimEnd());
        Assert.Equal("DELETE", server.SingleRequest().Method);
    }

    [Fact]
    public async Task DeleteJsonPrintsNullLikeVault()
    {
        await using var server = FakeVaultServer.Start().Respond("DELETE", "/v1/secret/foo", 204);

        var result = await CliRun.AgainstAsync(server, "delete", "-format=json", "secret/foo");

        Assert.Equal("null", result.Stdout.Trim());
    }

    [Fact]
    public async Task DeleteErrorIsExitTwo()
    {
        await using var server = FakeVaultServer.Start().Respond("DELETE", "/v1/secret/foo", 403, """{"errors":["permission denied"]}""");

        var result = await CliRun.AgainstAsync(server, "delete", "secret/foo");

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("Error deleting secret/foo: Error making API request.", result.Stderr);
    }
}
