using System.Text.Json.Nodes;
using Coffer.Cli.Tests.Support;

namespace Coffer.Cli.Tests;

public sealed class LoginCommandTests : IDisposable
{
    private readonly TempHome _home = new();

    public void Dispose() => _home.Dispose();

    [Fact]
    public async Task TokenLoginLooksTheTokenUpAndStoresIt()
    {
        await using var server = FakeVaultServer.Start().Respond("GET", "/v1/auth/token/lookup-self", 200, TokenEnvelopes.LookupSelf);

        var result = await CliRun.InHomeAsync(server, _home, ["login", "s.given"]);

        Assert.Equal(0, result.ExitCode);
        var request = server.SingleRequest();
        Assert.Equal("GET", request.Method);
        Assert.Equal("s.given", request.Header("X-Vault-Token"));
        Assert.Equal("s.given", _home.StoredToken);
        Assert.StartsWith("Success! You are now authenticated.", result.Stdout);
        Assert.Contains("You do NOT need to run \"coffer login\" again.", result.Stdout.ReplaceLineEndings(" "));
        Assert.Equal("", result.Stderr);
    }

    [Fact]
    public async Task TokenLoginTableShowsTheTokenFieldsLikeVault()
    {
        await using var server = FakeVaultServer.Start().Respond("GET", "/v1/auth/token/lookup-self", 200, TokenEnvelopes.LookupSelf);

        var result = await CliRun.InHomeAsync(server, _home, ["login", "s.given"]);

        var table = result.Stdout.ReplaceLineEndings("\n");
        Assert.EndsWith(
            "\n\n" +
            "Key                  Value\n" +
            "---                  -----\n" +
            "token                s.given\n" +
            "token_accessor       acc-7\n" +
            "token_duration       767h59m50s\n" +
            "token_renewable      true\n" +
            "token_policies       [\"default\" \"ops\"]\n" +
            "identity_policies    [\"group-pol\"]\n" +
            "policies             [\"default\" \"ops\" \"group-pol\"]\n" +
            "token_meta_team      ops\n",
            table);
    }

    [Fact]
    public async Task StoredTokenFileIsPrivateAndReplacesAnOlderOne()
    {
        File.WriteAllText(_home.TokenFile, "s.old");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(_home.TokenFile, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }

        await using var server = FakeVaultServer.Start().Respond("GET", "/v1/auth/token/lookup-self", 200, TokenEnvelopes.LookupSelf);

        await CliRun.InHomeAsync(server, _home, ["login", "s.given"]);

        Assert.Equal("s.given", _home.StoredToken);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_home.TokenFile));
        }

        Assert.False(File.Exists(_home.TokenFile + ".tmp"));
    }

    [Fact]
    public async Task LaterCommandsUseTheStoredToken()
    {
        await using var server = FakeVaultServer.Start()
            .Respond("GET", "/v1/auth/token/lookup-self", 200, TokenEnvelopes.LookupSelf)
            .Respond("GET", "/v1/secret/foo", 200, SampleEnvelopes.KvRead);

        await CliRun.InHomeAsync(server, _home, ["login", "s.given"]);
        await CliRun.InHomeAsync(server, _home, ["read", "secret/foo"]);

        Assert.Equal("s.given", server.Requests[1].Header("X-Vault-Token"));
    }

    [Fact]
    public async Task RootTokenHasInfiniteDuration()
    {
        await using var server = FakeVaultServer.Start().Respond("GET", "/v1/auth/token/lookup-self", 200, TokenEnvelopes.RootLookup);

        var result = await CliRun.InHomeAsync(server, _home, ["login", "s.root"]);

        Assert.Contains("token_duration       ∞", result.Stdout);
        Assert.Contains("identity_policies    []", result.Stdout);
    }

    [Fact]
    public async Task TokenIsPromptedForWhenNotGiven()
    {
        await using var server = FakeVaultServer.Start().Respond("GET", "/v1/auth/token/lookup-self", 200, TokenEnvelopes.LookupSelf);

        var result = await CliRun.InHomeAsync(server, _home, ["login"], stdin: "s.given\n");

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("Token (will be hidden): ", result.Stderr);
        Assert.Equal("s.given", server.SingleRequest().Header("X-Vault-Token"));
    }

    [Fact]
    public async Task DashReadsTheTokenFromStdin()
    {
        await using var server = FakeVaultServer.Start().Respond("GET", "/v1/auth/token/lookup-self", 200, TokenEnvelopes.LookupSelf);

        var result = await CliRun.InHomeAsync(server, _home, ["login", "-"], stdin: "  s.given \n");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("s.given", server.SingleRequest().Header("X-Vault-Token"));
    }

    [Fact]
    public async Task LookupFalseStoresTheTokenWithoutAsking()
    {
        await using var server = FakeVaultServer.Start();

        var result = await CliRun.InHomeAsync(server, _home, ["login", "token=s.unchecked", "lookup=false"]);

        Assert.Equal(0, result.ExitCode);
        Assert.Empty(server.Requests);
        Assert.Equal("s.unchecked", _home.StoredToken);
    }

    [Fact]
    public async Task RejectedTokenIsExitTwoAndNothingIsStored()
    {
        await using var server = FakeVaultServer.Start().Respond("GET", "/v1/auth/token/lookup-self", 403, """{"errors":["permission denied"]}""");

        var result = await CliRun.InHomeAsync(server, _home, ["login", "s.bad"]);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("Error authenticating: error looking up token: Error making API request.", result.Stderr);
        Assert.Contains("* permission denied", result.Stderr);
        Assert.Null(_home.StoredToken);
        Assert.Equal("", result.Stdout);
    }

    [Fact]
    public async Task NoStoreShowsTheTokenWarnsAndWritesNoFile()
    {
        await using var server = FakeVaultServer.Start().Respond("GET", "/v1/auth/token/lookup-self", 200, TokenEnvelopes.LookupSelf);

        var result = await CliRun.InHomeAsync(server, _home, ["login", "-no-store", "s.given"]);

        Assert.Equal(0, result.ExitCode);
        Assert.Null(_home.StoredToken);
        Assert.Contains("The token was not stored in token helper.", result.Stderr);
        Assert.Contains("token                s.given", result.Stdout);
        Assert.DoesNotContain("already stored", result.Stdout);
    }

    [Fact]
    public async Task TokenOnlyPrintsJustTheTokenAndStoresNothing()
    {
        await using var server = FakeVaultServer.Start().Respond("PUT", "/v1/auth/userpass/login/bob", 200, SampleEnvelopes.Login);

        var result = await CliRun.InHomeAsync(server, _home, ["login", "-method=userpass", "-token-only", "username=bob", "password=pw"]);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("s.login", result.Stdout);
        Assert.Equal("", result.Stderr);
        Assert.Null(_home.StoredToken);
    }

    [Fact]
    public async Task FieldPrintsOneFieldAfterStoring()
    {
        await using var server = FakeVaultServer.Start().Respond("PUT", "/v1/auth/userpass/login/bob", 200, SampleEnvelopes.Login);

        var result = await CliRun.InHomeAsync(server, _home, ["login", "-method=userpass", "-field=token_accessor", "username=bob", "password=pw"]);

        Assert.Equal("acc-1", result.Stdout);
        Assert.Equal("s.login", _home.StoredToken);
    }

    [Fact]
    public async Task JsonFormatPrintsTheEnvelopeWithoutTheBanner()
    {
        await using var server = FakeVaultServer.Start().Respond("GET", "/v1/auth/token/lookup-self", 200, TokenEnvelopes.LookupSelf);

        var result = await CliRun.InHomeAsync(server, _home, ["login", "-format=json", "s.given"]);

        var json = JsonNode.Parse(result.Stdout)!;
        Assert.Equal("s.given", json["auth"]!["client_token"]!.GetValue<string>());
        Assert.Equal("acc-7", json["auth"]!["accessor"]!.GetValue<string>());
        Assert.Equal(2764790, json["auth"]!["lease_duration"]!.GetValue<long>());
        Assert.Equal("ops", json["auth"]!["metadata"]!["team"]!.GetValue<string>());
        Assert.DoesNotContain("Success!", result.Stdout);
    }

    [Fact]
    public async Task NoPrintStoresButShowsNothing()
    {
        await using var server = FakeVaultServer.Start().Respond("GET", "/v1/auth/token/lookup-self", 200, TokenEnvelopes.LookupSelf);

        var result = await CliRun.InHomeAsync(server, _home, ["login", "-no-print", "s.given"]);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.Stdout);
        Assert.Equal("s.given", _home.StoredToken);
    }

    [Fact]
    public async Task NoStoreWithNoPrintIsAUsageError()
    {
        await using var server = FakeVaultServer.Start();

        var result = await CliRun.InHomeAsync(server, _home, ["login", "-no-store", "-no-print", "s.given"]);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("-no-store and -no-print cannot be used together", result.Stderr.TrimEnd());
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task EnvironmentTokenThatWillWinIsWarnedAbout()
    {
        await using var server = FakeVaultServer.Start().Respond("GET", "/v1/auth/token/lookup-self", 200, TokenEnvelopes.LookupSelf);

        var result = await CliRun.InHomeAsync(server, _home, ["login", "s.given"], extraEnvironment: new Dictionary<string, string> { ["VAULT_TOKEN"] = "s.env" });

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("WARNING! The VAULT_TOKEN environment variable is set!", result.Stderr);
        // The token given on the command line is the one checked, not the one in the environment.
        Assert.Equal("s.given", server.SingleRequest().Header("X-Vault-Token"));
    }

    [Fact]
    public async Task UnwritableHomeShowsTheTokenAndExitsTwo()
    {
        await using var server = FakeVaultServer.Start().Respond("GET", "/v1/auth/token/lookup-self", 200, TokenEnvelopes.LookupSelf);
        var missingHome = Path.Combine(_home.Path, "does-not-exist");

        var result = await CliRun.RunAsync(["login", "s.given"], new Dictionary<string, string> { ["COFFER_ADDR"] = server.Address, ["HOME"] = missingHome });

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("Error storing token:", result.Stderr);
        Assert.Contains("token                s.given", result.Stdout);
    }
}
