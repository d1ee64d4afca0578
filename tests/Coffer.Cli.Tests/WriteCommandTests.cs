using Coffer.Cli.Tests.Support;

namespace Coffer.Cli.Tests;

public sealed class WriteCommandTests : IDisposable
{
    private readonly TempDirectory _directory = new("coffer-write-");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task PutsKeyValuePairsAsJsonAndConfirms()
    {
        await using var server = FakeVaultServer.Start().Respond("PUT", "/v1/secret/foo", 204);

        var result = await CliRun.AgainstAsync(server, "write", "secret/foo", "user=bob", "password=s3cret");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("Success! Data written to: secret/foo", result.Stdout.TrimEnd());
        var request = server.SingleRequest();
        Assert.Equal("PUT", request.Method);
        Assert.Equal("""{"user":"bob","password":"s3cret"}""", request.Body);
        Assert.StartsWith("application/json", request.Header("Content-Type"));
    }

    [Fact]
    public async Task FileAndStdinValues()
    {
        var file = _directory.PathOf("policy.hcl");
        File.WriteAllText(file, "path \"*\" {}");
        await using var server = FakeVaultServer.Start().Respond("PUT", "/v1/sys/policy/p", 204);

        var result = await CliRun.AgainstWithStdinAsync(server, "from-stdin", "write", "sys/policy/p", $"policy=@{file}", "note=-");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("""{"policy":"path \"*\" {}","note":"from-stdin"}""", server.SingleRequest().Body);
    }

    [Fact]
    public async Task LoneDashSendsTheJsonObjectFromStdin()
    {
        await using var server = FakeVaultServer.Start().Respond("PUT", "/v1/auth/userpass/users/bob", 204);

        await CliRun.AgainstWithStdinAsync(server, """{"password":"x","token_ttl":60}""", "write", "auth/userpass/users/bob", "-");

        Assert.Equal("""{"password":"x","token_ttl":60}""", server.SingleRequest().Body);
    }

    [Fact]
    public async Task NoDataWithoutForceIsUsageErrorAndSendsNothing()
    {
        await using var server = FakeVaultServer.Start();

        var result = await CliRun.AgainstAsync(server, "write", "sys/rotate");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("Must supply data or use -force", result.Stderr.TrimEnd());
        Assert.Empty(server.Requests);
    }

    [Theory]
    [InlineData("-f")]
    [InlineData("-force")]
    [InlineData("--force=true")]
    public async Task ForceAllowsAnEmptyWrite(string flag)
    {
        await using var server = FakeVaultServer.Start().Respond("PUT", "/v1/sys/rotate", 204);

        var result = await CliRun.AgainstAsync(server, "write", flag, "sys/rotate");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("{}", server.SingleRequest().Body);
    }

    [Fact]
    public async Task JsonFormatWithEmptyResponsePrintsNothing()
    {
        await using var server = FakeVaultServer.Start().Respond("PUT", "/v1/secret/foo", 204);

        var result = await CliRun.AgainstAsync(server, "write", "-format=json", "secret/foo", "a=b");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.Stdout);
    }

    [Fact]
    public async Task ResponseBodyIsShownAsTable()
    {
        await using var server = FakeVaultServer.Start().Respond("PUT", "/v1/auth/userpass/login/bob", 200, SampleEnvelopes.Login);

        var result = await CliRun.AgainstAsync(server, "write", "auth/userpass/login/bob", "password=x");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("token                  s.login", result.Stdout);
        Assert.DoesNotContain("Success!", result.Stdout);
    }

    [Fact]
    public async Task FieldTokenPrintsTheClientTokenOfAnAuthResponse()
    {
        await using var server = FakeVaultServer.Start().Respond("PUT", "/v1/auth/userpass/login/bob", 200, SampleEnvelopes.Login);

        var result = await CliRun.AgainstAsync(server, "write", "-field=token", "auth/userpass/login/bob", "password=x");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("s.login", result.Stdout);
    }

    [Fact]
    public async Task WrapTtlIsSentAndWrappingTokenFieldWorks()
    {
        await using var server = FakeVaultServer.Start().Respond("PUT", "/v1/auth/approle/role/r/secret-id", 200, SampleEnvelopes.Wrapped);

        var result = await CliRun.AgainstAsync(server, "write", "-wrap-ttl=5m", "-field=wrapping_token", "-f", "auth/approle/role/r/secret-id");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("s.wrapping", result.Stdout);
        Assert.Equal("5m", server.SingleRequest().Header("X-Vault-Wrap-TTL"));
    }

    [Fact]
    public async Task SysWrappingWrapIsWrappedForFiveMinutesUnlessToldOtherwise()
    {
        await using var server = FakeVaultServer.Start().Respond("PUT", "/v1/sys/wrapping/wrap", 200, SampleEnvelopes.Wrapped);

        var result = await CliRun.AgainstAsync(server, "write", "-field=wrapping_token", "sys/wrapping/wrap", "api_key=k");
        await CliRun.AgainstAsync(server, "write", "-wrap-ttl=90s", "sys/wrapping/wrap", "api_key=k");

        Assert.Equal((0, "s.wrapping"), (result.ExitCode, result.Stdout));
        Assert.Equal("5m", server.Requests[0].Header("X-Vault-Wrap-TTL"));
        Assert.Equal("90s", server.Requests[1].Header("X-Vault-Wrap-TTL"));
    }

    [Fact]
    public async Task VaultWrapTtlVariableWrapsEveryRequest()
    {
        await using var server = FakeVaultServer.Start()
            .Respond("PUT", "/v1/secret/foo", 200, SampleEnvelopes.Wrapped)
            .Respond("PUT", "/v1/secret/bar", 204);

        var result = await CliRun.RunAsync(["write", "secret/foo", "a=b"], new Dictionary<string, string>
        {
            ["COFFER_ADDR"] = server.Address, ["COFFER_TOKEN"] = "s.test-token", ["VAULT_WRAP_TTL"] = "45s",
        });
        await CliRun.AgainstAsync(server, "write", "secret/bar", "a=b");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("wrapping_token:", result.Stdout);
        Assert.Equal("45s", server.Requests[0].Header("X-Vault-Wrap-TTL"));
        Assert.Null(server.Requests[1].Header("X-Vault-Wrap-TTL"));
    }

    [Fact]
    public async Task FieldTokenOnAWrappedResponsePrintsTheWrappingToken()
    {
        await using var server = FakeVaultServer.Start().Respond("PUT", "/v1/auth/approle/role/r/secret-id", 200, SampleEnvelopes.Wrapped);

        var result = await CliRun.AgainstAsync(server, "write", "-field=token", "-f", "auth/approle/role/r/secret-id");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("s.wrapping", result.Stdout);
    }

    [Fact]
    public async Task ServerErrorIsExitTwoWithVaultLayout()
    {
        await using var server = FakeVaultServer.Start().Respond("PUT", "/v1/secret/foo", 400, """{"errors":["missing required field"]}""");

        var result = await CliRun.AgainstAsync(server, "write", "secret/foo", "a=b");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(
            "Error writing data to secret/foo: Error making API request.\n\n" +
            $"URL: PUT {server.Address}/v1/secret/foo\n" +
            "Code: 400. Errors:\n\n" +
            "* missing required field\n",
            result.Stderr.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task BadDataArgumentIsExitOneAndSendsNothing()
    {
        await using var server = FakeVaultServer.Start();

        var result = await CliRun.AgainstAsync(server, "write", "secret/foo", "novalue");

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("Failed to parse K=V data:", result.Stderr);
        Assert.Empty(server.Requests);
    }
}
