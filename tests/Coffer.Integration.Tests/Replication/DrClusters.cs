using System.Text.Json.Nodes;
using Coffer.Integration.Tests.Infrastructure;

namespace Coffer.Integration.Tests.Replication;

/// <summary>
/// Clusters on loopback for DR tests: each a real <c>coffer server</c> on SQLite with <c>api_addr</c> set, driven
/// through the CLI (<c>VAULT_ADDR</c>, <c>COFFER_TOKEN</c>) or HTTP. Disposing stops exactly the processes started.
/// </summary>
public sealed class DrCluster : IAsyncDisposable
{
    private DrCluster(ServerFixture server) => Server = server;

    public ServerFixture Server { get; }
    public string Address => Server.Address;
    public int ClusterPort => Server.Port + 1;
    public string ClusterAddress => $"https://127.0.0.1:{ClusterPort}";

    /// <summary>The root token this cluster was initialised with (after activation as a secondary it is gone).</summary>
    public string RootToken => Server.RootToken!;

    /// <summary>Starts, initialises and unseals a cluster, with KV v2 at <c>secret/</c>.</summary>
    public static async Task<DrCluster> StartAsync(string extraConfig = "", int shares = 1, int threshold = 1, bool mountKv = true,
        string listenerConfig = "")
    {
        var cluster = new DrCluster(await ServerFixture.StartAsync(extraConfig, advertise: true, listenerConfig));
        await cluster.Server.InitAsync(shares, threshold);
        await cluster.Server.UnsealAsync();
        if (mountKv)
        {
            await cluster.CliAsync(cluster.RootToken, "secrets", "enable", "-path=secret", "kv-v2");
        }
        return cluster;
    }

    /// <summary>Runs <c>coffer</c> against this cluster with <paramref name="token"/>; insists on success; returns stdout.</summary>
    public async Task<string> CliAsync(string? token, params string[] arguments)
    {
        var (exitCode, stdout, stderr) = await TryCliAsync(token, arguments);
        Assert.True(exitCode == 0, $"coffer {string.Join(' ', arguments)} against {Address} exited {exitCode}:\n{stdout}\n{stderr}");
        return stdout.TrimEnd('\n');
    }

    public Task<(int ExitCode, string Stdout, string Stderr)> TryCliAsync(string? token, params string[] arguments)
    {
        var environment = new Dictionary<string, string> { ["VAULT_ADDR"] = Address, ["HOME"] = Server.Directory };
        if (token is not null)
        {
            environment["COFFER_TOKEN"] = token;
        }
        return CofferProcess.RunCliAsync(arguments, environment);
    }

    /// <summary><c>sys/replication/dr/status</c> (unauthenticated, answered in every mode).</summary>
    public async Task<JsonObject> DrStatusAsync()
    {
        using var client = TestHttp.Client(Address);
        using var response = await client.GetAsync("/v1/sys/replication/dr/status");
        response.EnsureSuccessStatusCode();
        return (await TestHttp.ReadJsonAsync(response))["data"]!.AsObject();
    }

    /// <summary>Polls the DR status until <paramref name="condition"/> holds; fails with the last status after <paramref name="seconds"/>.</summary>
    public async Task<JsonObject> WaitForStatusAsync(Func<JsonObject, bool> condition, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        JsonObject status;
        while (true)
        {
            try
            {
                status = await DrStatusAsync();
                if (condition(status))
                {
                    return status;
                }
            }
            catch (HttpRequestException)
            {
                status = new JsonObject { ["unreachable"] = true };
            }
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"DR status of {Address} never met the condition; last: {status.ToJsonString()}");
            }
            await Task.Delay(100);
        }
    }

    /// <summary>Makes this cluster a DR primary (optionally advertising <paramref name="primaryClusterAddr"/>) and mints an activation token.</summary>
    public async Task<string> EnablePrimaryAndMintTokenAsync(string? id = null, string? primaryClusterAddr = null)
    {
        var enable = primaryClusterAddr is null
            ? new[] { "write", "-f", "sys/replication/dr/primary/enable" }
            : ["write", "sys/replication/dr/primary/enable", $"primary_cluster_addr={primaryClusterAddr}"];
        await CliAsync(RootToken, enable);
        return await MintTokenAsync(RootToken, id);
    }

    public Task<string> MintTokenAsync(string token, string? id = null) =>
        id is null
            ? CliAsync(token, "write", "-field=token", "-f", "sys/replication/dr/primary/secondary-token")
            : CliAsync(token, "write", "-field=token", "sys/replication/dr/primary/secondary-token", $"id={id}");

    /// <summary>Activates this cluster as a DR secondary; from then on it is unsealed with the primary's keys.</summary>
    public async Task EnableSecondaryAsync(string activationToken, DrCluster primary)
    {
        await CliAsync(RootToken, "write", "sys/replication/dr/secondary/enable", $"token={activationToken}");
        Server.UnsealKeys.Clear();
        Server.UnsealKeys.AddRange(primary.Server.UnsealKeys);
    }

    /// <summary>Waits until this secondary streams and its merkle root equals <paramref name="primary"/>'s.</summary>
    public async Task WaitInSyncWithAsync(DrCluster primary, int seconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var mine = await DrStatusAsync();
            var theirs = await primary.DrStatusAsync();
            if (mine["state"]?.GetValue<string>() == "stream-wals" &&
                mine["merkle_root"]?.GetValue<string>() == theirs["merkle_root"]?.GetValue<string>())
            {
                return;
            }
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"secondary {Address} never caught up with {primary.Address}:\n{mine.ToJsonString()}\n{theirs.ToJsonString()}");
            }
            await Task.Delay(100);
        }
    }

    public async Task RestartAndUnsealAsync()
    {
        await Server.RestartAsync();
        await Server.UnsealAsync();
    }

    public async Task KillAsync() => await Server.KillAsync();

    public async Task StartAndUnsealAsync()
    {
        await Server.RestartAsync();
        await Server.UnsealAsync();
    }

    public ValueTask DisposeAsync() => Server.DisposeAsync();
}
