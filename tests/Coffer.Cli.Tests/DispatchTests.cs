using Coffer.Cli.Tests.Support;

namespace Coffer.Cli.Tests;

public sealed class DispatchTests : IDisposable
{
    private readonly TempHome _home = new();

    public void Dispose() => _home.Dispose();

    [Theory]
    [InlineData("version")]
    [InlineData("-v")]
    [InlineData("-version")]
    [InlineData("--version")]
    public async Task VersionPrintsCofferVersion(string arg)
    {
        var result = await CliRun.RunAsync([arg]);

        Assert.Equal(0, result.ExitCode);
        Assert.Matches(@"^Coffer v\d+\.\d+\.\d+\S*\r?\n$", result.Stdout);
    }

    [Fact]
    public async Task NoArgumentsPrintsUsageAndExits127()
    {
        var result = await CliRun.RunAsync([]);

        Assert.Equal(127, result.ExitCode);
        Assert.Contains("Usage: coffer <command>", result.Stderr);
    }

    [Fact]
    public async Task HelpListsCommandsAndExitsZero()
    {
        var result = await CliRun.RunAsync(["-h"]);

        Assert.Equal(0, result.ExitCode);
        foreach (var name in new[] { "status", "read", "write", "delete", "list", "operator", "version" })
        {
            Assert.Contains("    " + name + " ", result.Stdout);
        }
    }

    [Fact]
    public async Task UnknownCommandExits127()
    {
        var result = await CliRun.RunAsync(["frobnicate"]);

        Assert.Equal(127, result.ExitCode);
        Assert.Contains("Unknown command: frobnicate", result.Stderr);
    }

    [Fact]
    public async Task BareGroupListsItsSubcommands()
    {
        var result = await CliRun.RunAsync(["operator"]);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("init", result.Stdout);
        Assert.Contains("unseal", result.Stdout);
        Assert.Contains("seal", result.Stdout);
    }

    [Fact]
    public async Task UnknownSubcommandExits127()
    {
        var result = await CliRun.RunAsync(["operator", "explode"]);

        Assert.Equal(127, result.ExitCode);
    }

    [Fact]
    public async Task CofferAddrIsUsedOverVaultAddrEndToEnd()
    {
        await using var server = FakeVaultServer.Start().Respond("GET", "/v1/secret/foo", 200, SampleEnvelopes.KvRead);

        var result = await CliRun.RunAsync(
            ["read", "secret/foo"],
            new Dictionary<string, string>
            {
                ["COFFER_ADDR"] = server.Address,
                ["VAULT_ADDR"] = "http://127.0.0.1:1",
                ["COFFER_TOKEN"] = "coffer-token",
                ["VAULT_TOKEN"] = "vault-token",
            });

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("coffer-token", server.SingleRequest().Header("X-Vault-Token"));
    }

    [Fact]
    public async Task TokenHelperFileIsSentWhenNoTokenVariableIsSet()
    {
        File.WriteAllText(_home.TokenFile, "s.stored");
        await using var server = FakeVaultServer.Start().Respond("GET", "/v1/secret/foo", 200, SampleEnvelopes.KvRead);

        await CliRun.RunAsync(["read", "secret/foo"], new Dictionary<string, string> { ["VAULT_ADDR"] = server.Address, ["HOME"] = _home.Path });

        Assert.Equal("s.stored", server.SingleRequest().Header("X-Vault-Token"));
    }

    [Fact]
    public async Task VaultFormatVariableSelectsJson()
    {
        await using var server = FakeVaultServer.Start().Respond("GET", "/v1/secret/foo", 200, SampleEnvelopes.KvRead);

        var result = await CliRun.RunAsync(
            ["read", "secret/foo"],
            new Dictionary<string, string> { ["VAULT_ADDR"] = server.Address, ["VAULT_FORMAT"] = "json" });

        Assert.StartsWith("{", result.Stdout);
    }

    [Fact]
    public async Task BadAddressIsAClientErrorExitTwo()
    {
        var result = await CliRun.RunAsync(["read", "-address=not a url", "secret/foo"]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Error parsing address", result.Stderr);
    }

    [Theory]
    [InlineData("token", new[] { "create", "lookup", "renew", "revoke", "capabilities" })]
    [InlineData("policy", new[] { "write", "read", "list", "delete", "fmt" })]
    [InlineData("auth", new[] { "enable", "disable", "list", "tune" })]
    [InlineData("namespace", new[] { "create", "list", "lookup", "delete" })]
    [InlineData("audit", new[] { "enable", "disable", "list" })]
    [InlineData("secrets", new[] { "enable", "disable", "list", "tune", "move" })]
    public async Task NewGroupsListTheirSubcommands(string group, string[] subcommands)
    {
        var result = await CliRun.RunAsync([group, "-h"]);

        Assert.Equal(0, result.ExitCode);
        foreach (var subcommand in subcommands)
        {
            Assert.Contains("    " + subcommand + " ", result.Stdout);
        }
    }

    [Theory]
    [InlineData("login")]
    [InlineData("unwrap")]
    [InlineData("token create")]
    [InlineData("policy fmt")]
    public async Task NewCommandsHaveHelp(string command)
    {
        var result = await CliRun.RunAsync([.. command.Split(' '), "-h"]);

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith($"Usage: coffer {command}", result.Stdout);
    }
}
