using System.Text.Json.Nodes;
using Coffer.Cli.Tests.Support;
using Coffer.Core.Seal;

namespace Coffer.Cli.Tests;

public class OperatorGenerateRootCommandTests
{
    private const string DrAttempt = "/v1/sys/replication/dr/secondary/generate-operation-token/attempt";
    private const string DrUpdate = "/v1/sys/replication/dr/secondary/generate-operation-token/update";
    private const string RootAttempt = "/v1/sys/generate-root/attempt";

    private const string NotStarted = """
        {"started":false,"nonce":"","progress":0,"required":3,"complete":false,"encoded_token":"","encoded_root_token":"","pgp_fingerprint":"","otp":"","otp_length":28}
        """;

    private const string Started = """
        {"started":true,"nonce":"n-1","progress":1,"required":3,"complete":false,"encoded_token":"","encoded_root_token":"","pgp_fingerprint":"","otp":"","otp_length":28}
        """;

    [Fact]
    public async Task InitWithDrTokenStartsTheOperationTokenAttemptAndPrintsTheTable()
    {
        await using var server = FakeVaultServer.Start().Respond("PUT", DrAttempt, 200, Started);
        var otp = OtpTokenEncoding.GenerateOtp(28);

        var result = await CliRun.AgainstAsync(server, "operator", "generate-root", "-dr-token", "-init", $"-otp={otp}");

        Assert.Equal(0, result.ExitCode);
        var request = server.SingleRequest();
        Assert.Equal("PUT", request.Method);
        Assert.Equal(otp, JsonNode.Parse(request.Body)!["otp"]!.GetValue<string>());
        Assert.Matches(@"Nonce\s+n-1", result.Stdout);
        Assert.Matches(@"Progress\s+1/3", result.Stdout);
        Assert.Matches(@"OTP Length\s+28", result.Stdout);
        Assert.DoesNotContain("Encoded Token", result.Stdout);
    }

    [Fact]
    public async Task AServerGeneratedOtpIsShownWithAWarning()
    {
        var withOtp = Started.Replace("\"otp\":\"\"", "\"otp\":\"abcdefghijklmnopqrstuvwxyz01\"", StringComparison.Ordinal);
        await using var server = FakeVaultServer.Start().Respond("PUT", RootAttempt, 200, withOtp);

        var result = await CliRun.AgainstAsync(server, "operator", "generate-root", "-init");

        Assert.Equal(0, result.ExitCode);
        Assert.Matches(@"OTP\s+abcdefghijklmnopqrstuvwxyz01", result.Stdout);
        Assert.Contains("A One-Time-Password has been generated for you", result.Stderr);
    }

    [Fact]
    public async Task InitRefusesBothOtpAndPgpKeyWithoutCallingTheServer()
    {
        await using var server = FakeVaultServer.Start();

        var result = await CliRun.AgainstAsync(server, "operator", "generate-root", "-init", "-otp=x", "-pgp-key=/nonexistent");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("cannot specify both -otp and -pgp-key", result.Stderr);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task PgpKeyFromABinaryFileIsSentAsBase64()
    {
        using var directory = new TempDirectory("coffer-cli-pgp-");
        var keyBytes = new byte[] { 0x99, 0x01, 0x0d, 0x04, 0xff, 0x00 };
        await File.WriteAllBytesAsync(directory.PathOf("key.gpg"), keyBytes);
        await using var server = FakeVaultServer.Start().Respond("PUT", RootAttempt, 200, Started);

        var result = await CliRun.AgainstAsync(server, "operator", "generate-root", "-init", $"-pgp-key={directory.PathOf("key.gpg")}");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(Convert.ToBase64String(keyBytes), JsonNode.Parse(server.SingleRequest().Body)!["pgp_key"]!.GetValue<string>());
    }

    [Fact]
    public async Task DecodeNeedsOnlyTheOtp()
    {
        await using var server = FakeVaultServer.Start();
        const string token = "hvs.ABCDEFGHIJKLMNOPQRSTUVWX";
        var otp = OtpTokenEncoding.GenerateOtp(token.Length);
        var encoded = OtpTokenEncoding.Encode(token, otp);

        var table = await CliRun.AgainstAsync(server, "operator", "generate-root", "-dr-token", $"-decode={encoded}", $"-otp={otp}");
        var json = await CliRun.AgainstAsync(server, "operator", "generate-root", $"-decode={encoded}", $"-otp={otp}", "-format=json");

        Assert.Equal(0, table.ExitCode);
        Assert.Equal(token, table.Stdout);
        Assert.Equal(token, JsonNode.Parse(json.Stdout)!["token"]!.GetValue<string>());
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task DecodeFromStdinAndItsMistakesAreLocalErrors()
    {
        await using var server = FakeVaultServer.Start();
        var otp = OtpTokenEncoding.GenerateOtp(8);
        var encoded = OtpTokenEncoding.Encode("abcdefgh", otp);

        var fromStdin = await CliRun.AgainstWithStdinAsync(server, encoded + "\n", "operator", "generate-root", "-decode=-", $"-otp={otp}");
        var noOtp = await CliRun.AgainstAsync(server, "operator", "generate-root", $"-decode={encoded}");
        var wrongLength = await CliRun.AgainstAsync(server, "operator", "generate-root", $"-decode={encoded}", "-otp=short");

        Assert.Equal("abcdefgh", fromStdin.Stdout);
        Assert.Equal(1, noOtp.ExitCode);
        Assert.Contains("Missing otp: use -otp to supply it", noOtp.Stderr);
        Assert.Equal(1, wrongLength.ExitCode);
        Assert.Contains("Error decoding base64'd token", wrongLength.Stderr);
    }

    [Fact]
    public async Task GenerateOtpUsesTheServersOtpLength()
    {
        await using var server = FakeVaultServer.Start().Respond("GET", DrAttempt, 200, NotStarted);

        var table = await CliRun.AgainstAsync(server, "operator", "generate-root", "-dr-token", "-generate-otp");
        var json = await CliRun.AgainstAsync(server, "operator", "generate-root", "-dr-token", "-generate-otp", "-format=json");

        Assert.Equal(0, table.ExitCode);
        Assert.Matches("^[0-9A-Za-z]{28}$", table.Stdout);
        Assert.Equal(28, JsonNode.Parse(json.Stdout)!["otp_length"]!.GetValue<int>());
    }

    [Fact]
    public async Task AKeyWithoutAnAttemptIsALocalErrorNamingTheOtpLength()
    {
        await using var server = FakeVaultServer.Start().Respond("GET", DrAttempt, 200, NotStarted);

        var result = await CliRun.AgainstAsync(server, "operator", "generate-root", "-dr-token", "-nonce=n-1", "aabb");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("No root generation is in progress", result.Stderr);
        Assert.Contains("needs to be 28 characters", result.Stderr);
    }

    [Fact]
    public async Task AKeyArgumentNeedsTheNonceFlag()
    {
        await using var server = FakeVaultServer.Start().Respond("GET", DrAttempt, 200, Started);

        var result = await CliRun.AgainstAsync(server, "operator", "generate-root", "-dr-token", "aabb");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Missing nonce value: specify it via the -nonce flag", result.Stderr);
    }

    [Fact]
    public async Task APromptedKeyUsesTheAttemptsNonce()
    {
        var done = Started.Replace("\"complete\":false", "\"complete\":true", StringComparison.Ordinal)
            .Replace("\"encoded_token\":\"\"", "\"encoded_token\":\"ZW5jb2RlZA\"", StringComparison.Ordinal);
        await using var server = FakeVaultServer.Start().Respond("GET", DrAttempt, 200, Started).Respond("PUT", DrUpdate, 200, done);

        var result = await CliRun.AgainstWithStdinAsync(server, "  aabbccdd  \n", "operator", "generate-root", "-dr-token");

        Assert.Equal(0, result.ExitCode);
        var update = server.Requests.Single(r => r.Method == "PUT");
        Assert.Equal("""{"key":"aabbccdd","nonce":"n-1"}""", update.Body);
        Assert.Contains("Operation nonce: n-1", result.Stderr);
        Assert.Matches(@"Encoded Token\s+ZW5jb2RlZA", result.Stdout);
    }

    [Fact]
    public async Task ServerErrorsExitTwo()
    {
        await using var server = FakeVaultServer.Start()
            .Respond("PUT", DrAttempt, 400, """{"errors":["root generation already in progress"]}""")
            .Respond("DELETE", RootAttempt, 204);

        var init = await CliRun.AgainstAsync(server, "operator", "generate-root", "-dr-token", "-init");
        var cancel = await CliRun.AgainstAsync(server, "operator", "generate-root", "-cancel");

        Assert.Equal(2, init.ExitCode);
        Assert.Contains("Error initializing root generation: ", init.Stderr);
        Assert.Contains("root generation already in progress", init.Stderr);
        Assert.Equal(0, cancel.ExitCode);
        Assert.Contains("Success! Root token generation canceled (if it was started)", cancel.Stdout);
    }
}
