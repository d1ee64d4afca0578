using System.Text.Json.Nodes;
using Coffer.Integration.Tests.Infrastructure;

namespace Coffer.Integration.Tests.Replication;

/// <summary>
/// <c>coffer operator generate-root</c> against a real server on SQLite initialised with 3 shares and a threshold of
/// 2: a root token on a normal cluster, then (after DR enable and demote) a DR operation token, decoded with the OTP
/// and deleted through <c>coffer write</c>, as the DR runbook does it.
/// </summary>
public sealed class DrOperationTokenCliTests
{
    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(ServerFixture server, string? token, string? stdin,
        params string[] arguments)
    {
        var home = Directory.CreateDirectory(Path.Combine(server.Directory, "home-" + Guid.NewGuid().ToString("N")[..8])).FullName;
        var environment = new Dictionary<string, string> { ["VAULT_ADDR"] = server.Address, ["HOME"] = home };
        if (token is not null)
        {
            environment["COFFER_TOKEN"] = token;
        }
        return await CofferProcess.RunCliAsync(arguments, environment, stdin);
    }

    private static async Task<string> SucceedAsync(ServerFixture server, string? stdin, params string[] arguments)
    {
        var (exitCode, stdout, stderr) = await RunAsync(server, null, stdin, arguments);
        Assert.True(exitCode == 0, $"coffer {string.Join(' ', arguments)} exited {exitCode}:\n{stdout}\n{stderr}");
        return stdout;
    }

    private static async Task<ServerFixture> StartAsync()
    {
        var server = await ServerFixture.StartAsync();
        await server.InitAsync(shares: 3, threshold: 2);
        await server.UnsealAsync();
        return server;
    }

    [Fact]
    public async Task Dr_operation_token_is_generated_decoded_and_deleted_through_the_cli()
    {
        await using var server = await StartAsync();
        var root = server.RootToken!;
        var enable = await RunAsync(server, root, null, "write", "-f", "sys/replication/dr/primary/enable");
        Assert.True(enable.ExitCode == 0, enable.Stdout + enable.Stderr);
        var demote = await RunAsync(server, root, null, "write", "-f", "sys/replication/dr/primary/demote");
        Assert.True(demote.ExitCode == 0, demote.Stdout + demote.Stderr);

        // Without -dr-token the CLI asks for sys/generate-root, which a DR secondary refuses.
        var refused = await RunAsync(server, null, null, "operator", "generate-root", "-status");
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("path disabled in replication DR secondary mode", refused.Stderr);

        var otp = (await SucceedAsync(server, null, "operator", "generate-root", "-dr-token", "-generate-otp")).Trim();
        Assert.Matches("^[0-9A-Za-z]{28}$", otp);

        var started = JsonNode.Parse(await SucceedAsync(server, null, "operator", "generate-root", "-dr-token", "-init", $"-otp={otp}", "-format=json"))!;
        var nonce = started["nonce"]!.GetValue<string>();
        Assert.True(started["started"]!.GetValue<bool>());
        Assert.Equal(2, started["required"]!.GetValue<int>());

        var busy = await RunAsync(server, null, null, "operator", "generate-root", "-dr-token", "-init", $"-otp={otp}");
        Assert.Equal(2, busy.ExitCode);
        Assert.Contains("root generation already in progress", busy.Stderr);

        // First holder: key as the argument, nonce by flag; the table shows the progress.
        var first = await SucceedAsync(server, null, "operator", "generate-root", "-dr-token", $"-nonce={nonce}", server.UnsealKeys[0]);
        Assert.Matches(@"Progress\s+1/2", first);
        Assert.Matches(@"Complete\s+false", first);

        var duplicate = await RunAsync(server, null, null, "operator", "generate-root", "-dr-token", $"-nonce={nonce}", server.UnsealKeys[0]);
        Assert.Equal(2, duplicate.ExitCode);
        Assert.Contains("given key has already been provided during this generation operation", duplicate.Stderr);

        // Second holder: prompted (no TTY, so read from stdin); the nonce comes from the attempt itself.
        var last = JsonNode.Parse(await SucceedAsync(server, server.UnsealKeys[2] + "\n", "operator", "generate-root", "-dr-token", "-format=json"))!;
        Assert.True(last["complete"]!.GetValue<bool>());
        var encoded = last["encoded_token"]!.GetValue<string>();

        var token = (await SucceedAsync(server, null, "operator", "generate-root", "-dr-token", $"-decode={encoded}", $"-otp={otp}")).Trim();
        Assert.Matches(@"^hvs\.[0-9A-Za-z]{24}$", token);
        var status = await SucceedAsync(server, null, "operator", "generate-root", "-dr-token", "-status");
        Assert.Matches(@"Started\s+false", status);

        var deleted = await RunAsync(server, null, null, "write", "sys/replication/dr/secondary/operation-token/delete", $"dr_operation_token={token}");
        Assert.True(deleted.ExitCode == 0, deleted.Stdout + deleted.Stderr);
        var again = await RunAsync(server, null, null, "write", "sys/replication/dr/secondary/operation-token/delete", $"dr_operation_token={token}");
        Assert.Equal(2, again.ExitCode);
        Assert.Contains("permission denied", again.Stderr);
    }

    [Fact]
    public async Task Root_token_is_generated_with_the_cli_on_a_normal_cluster()
    {
        await using var server = await StartAsync();
        var otp = (await SucceedAsync(server, null, "operator", "generate-root", "-generate-otp")).Trim();

        var wrongLength = await RunAsync(server, null, null, "operator", "generate-root", "-init", "-otp=short");
        Assert.Equal(2, wrongLength.ExitCode);
        Assert.Contains("OTP string is wrong length", wrongLength.Stderr);

        var started = await SucceedAsync(server, null, "operator", "generate-root", "-init", $"-otp={otp}");
        var nonce = System.Text.RegularExpressions.Regex.Match(started, @"Nonce\s+(\S+)").Groups[1].Value;
        Assert.True(Guid.TryParse(nonce, out _), started);

        var missingNonce = await RunAsync(server, null, null, "operator", "generate-root", server.UnsealKeys[1]);
        Assert.Equal(1, missingNonce.ExitCode);
        Assert.Contains("Missing nonce value", missingNonce.Stderr);

        // "-" reads the key from stdin.
        await SucceedAsync(server, server.UnsealKeys[1], "operator", "generate-root", $"-nonce={nonce}", "-");
        var last = await SucceedAsync(server, null, "operator", "generate-root", $"-nonce={nonce}", server.UnsealKeys[0]);
        var encoded = System.Text.RegularExpressions.Regex.Match(last, @"Encoded Token\s+(\S+)").Groups[1].Value;
        Assert.NotEqual("", encoded);

        var token = (await SucceedAsync(server, null, "operator", "generate-root", $"-decode={encoded}", $"-otp={otp}")).Trim();
        var lookup = await RunAsync(server, token, null, "token", "lookup", "-format=json");
        Assert.True(lookup.ExitCode == 0, lookup.Stdout + lookup.Stderr);
        Assert.Equal("root", JsonNode.Parse(lookup.Stdout)!["data"]!["policies"]![0]!.GetValue<string>());

        var notStarted = await RunAsync(server, null, null, "operator", "generate-root", $"-nonce={nonce}", server.UnsealKeys[0]);
        Assert.Equal(1, notStarted.ExitCode);
        Assert.Contains("No root generation is in progress", notStarted.Stderr);

        await SucceedAsync(server, null, "operator", "generate-root", "-init", $"-otp={otp}");
        var cancelled = await SucceedAsync(server, null, "operator", "generate-root", "-cancel");
        Assert.Contains("Success! Root token generation canceled", cancelled);
    }
}
