using System.Text.Json.Nodes;
using Coffer.Cli.Tests.Support;

namespace Coffer.Cli.Tests;

public class AuthCommandTests
{
    private const string AuthTable = """
        {"request_id":"r","data":{
          "userpass/":{"type":"userpass","description":"","accessor":"auth_userpass_eea6507e","local":true,"seal_wrap":false,
                       "options":null,"uuid":"u-2","config":{"default_lease_ttl":3600,"max_lease_ttl":0,"token_type":"default-service"}},
          "token/":{"type":"token","description":"token based credentials","accessor":"auth_token_b2166f9e","local":false,
                    "seal_wrap":false,"options":{},"uuid":"u-1","config":{"default_lease_ttl":0,"max_lease_ttl":0,"token_type":"default-service"}}}}
        """;

    [Fact]
    public async Task EnablePostsTheTypeAtThePathNamedAfterIt()
    {
        await using var server = FakeVaultServer.Start().Respond("POST", "/v1/sys/auth/userpass", 204);

        var result = await CliRun.AgainstAsync(server, "auth", "enable", "userpass");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("Success! Enabled userpass auth method at: userpass/", result.Stdout.TrimEnd());
        var request = server.SingleRequest();
        Assert.Equal("POST", request.Method);
        Assert.Equal("""{"type":"userpass","description":"","local":false,"config":{}}""", request.Body);
    }

    [Fact]
    public async Task EnableWithEveryOption()
    {
        await using var server = FakeVaultServer.Start().Respond("POST", "/v1/sys/auth/people", 204);

        var result = await CliRun.AgainstAsync(server,
            "auth", "enable", "-path=people/", "-description=Staff logins", "-local", "-default-lease-ttl=1h",
            "-max-lease-ttl=720h", "-listing-visibility=unauth", "userpass");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("Success! Enabled userpass auth method at: people/", result.Stdout.TrimEnd());
        Assert.Equal(
            """{"type":"userpass","description":"Staff logins","local":true,"config":{"default_lease_ttl":"1h0m0s","max_lease_ttl":"720h0m0s","listing_visibility":"unauth"}}""",
            server.SingleRequest().Body);
    }

    [Fact]
    public async Task EnableFailureIsExitTwo()
    {
        await using var server = FakeVaultServer.Start().Respond("POST", "/v1/sys/auth/userpass", 400, """{"errors":["path is already in use at userpass/"]}""");

        var result = await CliRun.AgainstAsync(server, "auth", "enable", "userpass");

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("Error enabling userpass auth: Error making API request.", result.Stderr);
    }

    [Fact]
    public async Task EnableNeedsAType()
    {
        var result = await CliRun.RunAsync(["auth", "enable"]);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("Not enough arguments (expected 1, got 0)", result.Stderr.TrimEnd());
    }

    [Fact]
    public async Task DisableDeletesThePath()
    {
        await using var server = FakeVaultServer.Start().Respond("DELETE", "/v1/sys/auth/people", 204);

        var result = await CliRun.AgainstAsync(server, "auth", "disable", "people/");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("DELETE", server.SingleRequest().Method);
        Assert.Equal("Success! Disabled the auth method (if it existed) at: people/", result.Stdout.TrimEnd());
    }

    [Fact]
    public async Task ListPrintsVaultsTable()
    {
        await using var server = FakeVaultServer.Start().Respond("GET", "/v1/sys/auth", 200, AuthTable);

        var result = await CliRun.AgainstAsync(server, "auth", "list");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(
            "Path         Type        Accessor                  Description\n" +
            "----         ----        --------                  -----------\n" +
            "token/       token       auth_token_b2166f9e       token based credentials\n" +
            "userpass/    userpass    auth_userpass_eea6507e    n/a\n",
            result.Stdout.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task ListDetailed()
    {
        await using var server = FakeVaultServer.Start().Respond("GET", "/v1/sys/auth", 200, AuthTable);

        var result = await CliRun.AgainstAsync(server, "auth", "list", "-detailed");

        var lines = result.Stdout.ReplaceLineEndings("\n").Split('\n');
        Assert.Equal(
            ["Path", "Plugin", "Accessor", "Default", "TTL", "Max", "TTL", "Token", "Type", "Replication", "Seal", "Wrap", "Options", "Description", "UUID"],
            lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(
            ["token/", "token", "auth_token_b2166f9e", "system", "system", "default-service", "replicated", "false", "map[]", "token", "based", "credentials", "u-1"],
            lines[2].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(
            ["userpass/", "userpass", "auth_userpass_eea6507e", "3600", "system", "default-service", "local", "false", "map[]", "n/a", "u-2"],
            lines[3].Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task ListAsJsonIsTheMountMap()
    {
        await using var server = FakeVaultServer.Start().Respond("GET", "/v1/sys/auth", 200, AuthTable);

        var result = await CliRun.AgainstAsync(server, "auth", "list", "-format=json");

        var json = JsonNode.Parse(result.Stdout)!.AsObject();
        Assert.Equal(["token/", "userpass/"], json.Select(p => p.Key));
        Assert.Equal("auth_token_b2166f9e", json["token/"]!["accessor"]!.GetValue<string>());
    }

    [Fact]
    public async Task ListReadsOldServersTopLevelMap()
    {
        await using var server = FakeVaultServer.Start().Respond("GET", "/v1/sys/auth", 200,
            """{"token/":{"type":"token","description":"d","accessor":"a1"},"request_id":"r","warnings":null}""");

        var result = await CliRun.AgainstAsync(server, "auth", "list");

        Assert.Contains("token/    token    a1          d", result.Stdout);
    }

    [Fact]
    public async Task TuneSendsOnlyTheGivenSettings()
    {
        await using var server = FakeVaultServer.Start().Respond("POST", "/v1/sys/auth/github/tune", 204);

        var result = await CliRun.AgainstAsync(server, "auth", "tune", "-default-lease-ttl=72h", "-max-lease-ttl=-1", "-description=", "github/");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("Success! Tuned the auth method at: github/", result.Stdout.TrimEnd());
        Assert.Equal("""{"default_lease_ttl":"72h0m0s","max_lease_ttl":"system","description":""}""", server.SingleRequest().Body);
    }

    [Fact]
    public async Task TuneFailureIsExitTwo()
    {
        await using var server = FakeVaultServer.Start().Respond("POST", "/v1/sys/auth/github/tune", 403, """{"errors":["permission denied"]}""");

        var result = await CliRun.AgainstAsync(server, "auth", "tune", "-max-lease-ttl=1h", "github");

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("Error tuning auth method github/: Error making API request.", result.Stderr);
    }
}
