using System.Text.Json.Nodes;
using Coffer.Cli.Tests.Support;

namespace Coffer.Cli.Tests;

public class AuditCommandTests
{
    private const string Devices = """
        {"data":{"file/":{"type":"file","description":"","options":{"mode":"0600","file_path":"/var/log/audit.log"},"local":false,"path":"file/"},
                 "stdout/":{"type":"file","description":"to console","options":{"file_path":"stdout"},"local":true,"path":"stdout/"}}}
        """;

    [Fact]
    public async Task EnablePutsTypeAndOptions()
    {
        await using var server = FakeVaultServer.Start().Respond("PUT", "/v1/sys/audit/file", 204);

        var result = await CliRun.AgainstAsync(server, "audit", "enable", "file", "file_path=/var/log/audit.log", "mode=0640");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("Success! Enabled the file audit device at: file/", result.Stdout.TrimEnd());
        var request = server.SingleRequest();
        Assert.Equal("PUT", request.Method);
        Assert.Equal("""{"type":"file","description":"","options":{"file_path":"/var/log/audit.log","mode":"0640"},"local":false}""", request.Body);
    }

    [Fact]
    public async Task EnableAtAPathWithDescriptionAndLocal()
    {
        await using var server = FakeVaultServer.Start().Respond("PUT", "/v1/sys/audit/console", 204);

        var result = await CliRun.AgainstAsync(server, "audit", "enable", "-path=console", "-description=to stdout", "-local", "file", "file_path=stdout");

        Assert.Equal("Success! Enabled the file audit device at: console/", result.Stdout.TrimEnd());
        Assert.Equal("""{"type":"file","description":"to stdout","options":{"file_path":"stdout"},"local":true}""", server.SingleRequest().Body);
    }

    [Fact]
    public async Task EnableWithoutTypeIsExitOne()
    {
        var result = await CliRun.RunAsync(["audit", "enable"]);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("Error enabling audit device: audit type missing. Valid types include 'file', 'socket' and 'syslog'.", result.Stderr.TrimEnd());
    }

    [Fact]
    public async Task EnableWithRepeatedOptionIsExitOne()
    {
        await using var server = FakeVaultServer.Start();

        var result = await CliRun.AgainstAsync(server, "audit", "enable", "file", "file_path=a", "file_path=b");

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("Failed to parse K=V data:", result.Stderr);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task EnableFailureIsExitTwo()
    {
        await using var server = FakeVaultServer.Start().Respond("PUT", "/v1/sys/audit/file", 400, """{"errors":["file_path is required"]}""");

        var result = await CliRun.AgainstAsync(server, "audit", "enable", "file");

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("Error enabling audit device: Error making API request.", result.Stderr);
    }

    [Fact]
    public async Task DisableDeletes()
    {
        await using var server = FakeVaultServer.Start().Respond("DELETE", "/v1/sys/audit/file", 204);

        var result = await CliRun.AgainstAsync(server, "audit", "disable", "file/");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("Success! Disabled audit device (if it was enabled) at: file/", result.Stdout.TrimEnd());
    }

    [Fact]
    public async Task ListPrintsVaultsTable()
    {
        await using var server = FakeVaultServer.Start().Respond("GET", "/v1/sys/audit", 200, Devices);

        var result = await CliRun.AgainstAsync(server, "audit", "list");

        Assert.Equal(
            "Path       Type    Description\n" +
            "----       ----    -----------\n" +
            "file/      file    n/a\n" +
            "stdout/    file    to console\n",
            result.Stdout.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task ListDetailedShowsReplicationAndSortedOptions()
    {
        await using var server = FakeVaultServer.Start().Respond("GET", "/v1/sys/audit", 200, Devices);

        var result = await CliRun.AgainstAsync(server, "audit", "list", "-detailed");

        Assert.Equal(
            "Path       Type    Description    Replication    Options\n" +
            "----       ----    -----------    -----------    -------\n" +
            "file/      file    n/a            replicated     file_path=/var/log/audit.log mode=0600\n" +
            "stdout/    file    to console     local          file_path=stdout\n",
            result.Stdout.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task ListAsJson()
    {
        await using var server = FakeVaultServer.Start().Respond("GET", "/v1/sys/audit", 200, Devices);

        var result = await CliRun.AgainstAsync(server, "audit", "list", "-format=json");

        Assert.Equal("stdout", JsonNode.Parse(result.Stdout)!["stdout/"]!["options"]!["file_path"]!.GetValue<string>());
    }

    [Fact]
    public async Task ListWithNoDevicesIsExitTwo()
    {
        await using var server = FakeVaultServer.Start().Respond("GET", "/v1/sys/audit", 200, """{"data":{}}""");

        var result = await CliRun.AgainstAsync(server, "audit", "list");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("No audit devices are enabled.", result.Stdout.TrimEnd());
    }

    [Fact]
    public async Task ListFailureIsExitTwo()
    {
        await using var server = FakeVaultServer.Start().Respond("GET", "/v1/sys/audit", 403, """{"errors":["permission denied"]}""");

        var result = await CliRun.AgainstAsync(server, "audit", "list");

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("Error listing audits:", result.Stderr);
    }
}
