using System.Text.Json.Nodes;
using Coffer.Integration.Tests.Infrastructure;

namespace Coffer.Integration.Tests;

/// <summary>
/// One ready server (initialized, unsealed, KV v1 at <c>secret/</c>) shared by the tests of a CLI test class, and a
/// way to run <c>coffer</c> against it the way an operator's shell would: <c>VAULT_ADDR</c> set, a token either from
/// <c>COFFER_TOKEN</c> or from the token file in a private <c>HOME</c>.
/// </summary>
public sealed class CliSession : IAsyncLifetime
{
    private ServerFixture? _server;

    public ServerFixture Server => _server ?? throw new InvalidOperationException("the server is not started");
    public string RootToken => Server.RootToken!;

    public async Task InitializeAsync()
    {
        _server = await ServerFixture.StartAsync();
        await _server.ReadyAsync();
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    /// <summary>A fresh, empty home directory inside the server's folder, so each test has its own token file.</summary>
    public string NewHome() => Directory.CreateDirectory(Path.Combine(Server.Directory, "home-" + Guid.NewGuid().ToString("N")[..8])).FullName;

    /// <summary>
    /// Runs <c>coffer</c> with <paramref name="token"/> in <c>COFFER_TOKEN</c>, or with no token variable at all when
    /// it is null (then the CLI falls back to the token file in <paramref name="home"/>).
    /// </summary>
    public Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(
        IEnumerable<string> arguments, string? token, string home, string? stdin = null)
    {
        var environment = new Dictionary<string, string> { ["VAULT_ADDR"] = Server.Address, ["HOME"] = home };
        if (token is not null)
        {
            environment["COFFER_TOKEN"] = token;
        }
        return CofferProcess.RunCliAsync(arguments, environment, stdin);
    }

    /// <summary>Runs as root and insists on success; returns standard output.</summary>
    public async Task<string> RootAsync(params string[] arguments)
    {
        var (exitCode, stdout, stderr) = await RunAsync(arguments, RootToken, Server.Directory);
        Assert.True(exitCode == 0, $"coffer {string.Join(' ', arguments)} exited {exitCode}:\n{stdout}\n{stderr}");
        return stdout;
    }

    /// <summary>Runs as root (the <c>-format=json</c> flag is the caller's) and parses the answer.</summary>
    public async Task<JsonNode> RootJsonAsync(params string[] arguments) => JsonNode.Parse(await RootAsync(arguments))!;

    /// <summary>Runs as root (the <c>-field=</c> flag is the caller's) and returns the bare value.</summary>
    public async Task<string> RootFieldAsync(params string[] arguments) => (await RootAsync(arguments)).TrimEnd('\n');
}
