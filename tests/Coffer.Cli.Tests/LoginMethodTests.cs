using Coffer.Cli.Tests.Support;

namespace Coffer.Cli.Tests;

/// <summary>userpass and approle logins, and logins answered with a wrapped token.</summary>
public sealed class LoginMethodTests : IDisposable
{
    private readonly TempHome _home = new();

    public void Dispose() => _home.Dispose();

    [Fact]
    public async Task UserpassPostsThePasswordWithoutAnyTokenHeader()
    {
        File.WriteAllText(_home.TokenFile, "s.stale");
        await using var server = FakeVaultServer.Start().Respond("PUT", "/v1/auth/userpass/login/bob", 200, SampleEnvelopes.Login);

        var result = await CliRun.InHomeAsync(server, _home, ["login", "-method=userpass", "username=bob", "password=s3cret"]);

        Assert.Equal(0, result.ExitCode);
        var request = server.SingleRequest();
        Assert.Equal("/v1/auth/userpass/login/bob", request.Path);
        Assert.Equal("""{"password":"s3cret"}""", request.Body);
        Assert.Null(request.Header("X-Vault-Token"));
        Assert.Equal("s.login", _home.StoredToken);
        Assert.Contains("token_meta_username    bob", result.Stdout);
        Assert.DoesNotContain("s3cret", result.Stdout + result.Stderr);
    }

    [Fact]
    public async Task UserpassPasswordIsReadFromRedirectedStdin()
    {
        await using var server = FakeVaultServer.Start().Respond("PUT", "/v1/auth/userpass/login/bob", 200, SampleEnvelopes.Login);

        var result = await CliRun.InHomeAsync(server, _home, ["login", "-method=userpass", "username=bob"], stdin: "from-stdin\nignored\n");

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("Password (will be hidden): ", result.Stderr);
        Assert.Equal("""{"password":"from-stdin"}""", server.SingleRequest().Body);
        Assert.DoesNotContain("from-stdin", result.Stdout + result.Stderr);
    }

    [Fact]
    public async Task UserpassWithClosedStdinFailsWithoutARequest()
    {
        await using var server = FakeVaultServer.Start();

        var result = await CliRun.InHomeAsync(server, _home, ["login", "-method=userpass", "username=bob"], stdin: "");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Error authenticating: no password was entered", result.Stderr);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task UserpassAtAnotherPath()
    {
        await using var server = FakeVaultServer.Start().Respond("PUT", "/v1/auth/people/login/bob", 200, SampleEnvelopes.Login);

        var result = await CliRun.InHomeAsync(server, _home, ["login", "-method=userpass", "-path=people/", "username=bob", "password=x"]);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("/v1/auth/people/login/bob", server.SingleRequest().Path);
    }

    [Fact]
    public async Task UserpassWithoutUsernameIsExitTwo()
    {
        await using var server = FakeVaultServer.Start();

        var result = await CliRun.InHomeAsync(server, _home, ["login", "-method=userpass", "password=x"]);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("Error authenticating: 'username' must be specified", result.Stderr.TrimEnd());
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task AppRoleSendsRoleAndSecretId()
    {
        await using var server = FakeVaultServer.Start().Respond("PUT", "/v1/auth/approle/login", 200, SampleEnvelopes.Login);

        var result = await CliRun.InHomeAsync(server, _home, ["login", "-method=approle", "role_id=r-1", "secret_id=s-1"]);

        Assert.Equal(0, result.ExitCode);
        var request = server.SingleRequest();
        Assert.Equal("PUT", request.Method);
        Assert.Equal("""{"role_id":"r-1","secret_id":"s-1"}""", request.Body);
        Assert.Null(request.Header("X-Vault-Token"));
        Assert.Equal("s.login", _home.StoredToken);
    }

    [Fact]
    public async Task AppRoleWithoutSecretIdAtCustomPath()
    {
        await using var server = FakeVaultServer.Start().Respond("PUT", "/v1/auth/machines/login", 200, SampleEnvelopes.Login);

        var result = await CliRun.InHomeAsync(server, _home, ["login", "-method=approle", "-path=machines", "role_id=r-1"]);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("""{"role_id":"r-1"}""", server.SingleRequest().Body);
    }

    [Fact]
    public async Task UnknownMethodIsExitOne()
    {
        await using var server = FakeVaultServer.Start();

        var result = await CliRun.InHomeAsync(server, _home, ["login", "-method=github"]);

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("Unknown auth method: github.", result.Stderr);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task WrappedLoginIsUnwrappedWithTheWrappingTokenThenStored()
    {
        await using var server = FakeVaultServer.Start()
            .Respond("PUT", "/v1/auth/userpass/login/bob", 200, TokenEnvelopes.WrappedLogin)
            .Respond("PUT", "/v1/sys/wrapping/unwrap", 200, SampleEnvelopes.Login);

        var result = await CliRun.InHomeAsync(server, _home, ["login", "-method=userpass", "-wrap-ttl=2m", "username=bob", "password=x"]);

        Assert.Equal(0, result.ExitCode);
        var (login, unwrap) = (server.Requests[0], server.Requests[1]);
        Assert.Equal("2m", login.Header("X-Vault-Wrap-TTL"));
        Assert.Equal("s.wrapper", unwrap.Header("X-Vault-Token"));
        Assert.Null(unwrap.Header("X-Vault-Wrap-TTL"));
        Assert.Equal("", unwrap.Body);
        Assert.Equal("s.login", _home.StoredToken);
    }

    [Fact]
    public async Task VaultWrapTtlVariableWrapsTheLoginButNotItsUnwrapping()
    {
        await using var server = FakeVaultServer.Start()
            .Respond("PUT", "/v1/auth/userpass/login/bob", 200, TokenEnvelopes.WrappedLogin)
            .Respond("PUT", "/v1/sys/wrapping/unwrap", 200, SampleEnvelopes.Login);

        var result = await CliRun.InHomeAsync(server, _home, ["login", "-method=userpass", "username=bob", "password=x"],
            extraEnvironment: new Dictionary<string, string> { ["VAULT_WRAP_TTL"] = "2m" });

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("2m", server.Requests[0].Header("X-Vault-Wrap-TTL"));
        Assert.Null(server.Requests[1].Header("X-Vault-Wrap-TTL"));
        Assert.Equal("s.login", _home.StoredToken);
    }

    [Fact]
    public async Task WrappedLoginWithTokenOnlyPrintsTheWrappingToken()
    {
        await using var server = FakeVaultServer.Start().Respond("PUT", "/v1/auth/userpass/login/bob", 200, TokenEnvelopes.WrappedLogin);

        var result = await CliRun.InHomeAsync(server, _home, ["login", "-method=userpass", "-wrap-ttl=2m", "-token-only", "username=bob", "password=x"]);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("s.wrapper", result.Stdout);
        Assert.Single(server.Requests);
        Assert.Null(_home.StoredToken);
    }

    [Fact]
    public async Task WrappedLoginWithNoStoreShowsTheWrappingTable()
    {
        await using var server = FakeVaultServer.Start().Respond("PUT", "/v1/auth/userpass/login/bob", 200, TokenEnvelopes.WrappedLogin);

        var result = await CliRun.InHomeAsync(server, _home, ["login", "-method=userpass", "-wrap-ttl=2m", "-no-store", "username=bob", "password=x"]);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("wrapping_token:                  s.wrapper", result.Stdout);
        Assert.Contains("wrapped_accessor:                acc-1", result.Stdout);
    }
}
