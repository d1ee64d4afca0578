using System.Net;
using System.Text.Json.Nodes;
using Coffer.Core.Replication.Wal;
using Coffer.Core.Routing;
using Coffer.Core.Tests.Replication.Roles;

namespace Coffer.Core.Tests.Replication.Streaming;

/// <summary>
/// A DR primary and a would-be secondary, each a real core over SQLite, linked by an <see cref="InProcessTransport"/>
/// per cluster (each cluster's transport reaches the cluster it would dial as a secondary). The primary is DR
/// enabled with KV v1 at <c>secret/</c>; the secondary is a fresh cluster of its own until <see cref="ActivateAsync"/>.
/// </summary>
internal sealed class DrPair : IAsyncDisposable
{
    public const string SecondaryId = "dr-east";
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private DrPair(ReplicatingCore primary, ReplicatingCore secondary, InProcessTransport primaryTransport, InProcessTransport secondaryTransport)
    {
        Primary = primary;
        Secondary = secondary;
        PrimaryTransport = primaryTransport;
        SecondaryTransport = secondaryTransport;
    }

    public ReplicatingCore Primary { get; }
    public ReplicatingCore Secondary { get; }

    /// <summary>What the primary cluster dials if it becomes a secondary itself (nothing until a test points it).</summary>
    public InProcessTransport PrimaryTransport { get; }

    /// <summary>What the secondary dials: the primary.</summary>
    public InProcessTransport SecondaryTransport { get; }

    public static async Task<DrPair> StartAsync(ReplicationLogOptions? primaryLog = null)
    {
        var primaryTransport = new InProcessTransport();
        var primary = await ReplicatingCore.StartAsync("coffer-stream-primary-", transport: primaryTransport, logOptions: primaryLog, name: "primary");
        var secondaryTransport = new InProcessTransport(() => primary.Core);
        ReplicatingCore secondary;
        try
        {
            secondary = await ReplicatingCore.StartAsync("coffer-stream-secondary-", transport: secondaryTransport, name: "secondary");
        }
        catch
        {
            await primary.DisposeAsync();
            throw;
        }
        await primary.SendAsync(Operation.Update, "sys/replication/dr/primary/enable");
        return new DrPair(primary, secondary, primaryTransport, secondaryTransport);
    }

    /// <summary>The wrapped activation token (a JWT naming the wrapping token) from <c>dr/primary/secondary-token</c>.</summary>
    public static async Task<string> SecondaryTokenAsync(ReplicatingCore primary, string id, string? token = null)
    {
        var response = await primary.SendAsync(Operation.Update, "sys/replication/dr/primary/secondary-token", new JsonObject { ["id"] = id }.ToJsonString(),
            token);
        return response!.WrapInfo!["token"]!.GetValue<string>();
    }

    public static Task<Response?> EnableSecondaryAsync(ReplicatingCore cluster, string token) =>
        cluster.SendAsync(Operation.Update, "sys/replication/dr/secondary/enable", new JsonObject { ["token"] = token }.ToJsonString());

    /// <summary>
    /// Activates the secondary through its API with its own root token; from then on it unseals with the primary's
    /// keys (spec/replication.md §6.4). Returns once it streams.
    /// </summary>
    public async Task ActivateAsync()
    {
        var token = await SecondaryTokenAsync(Primary, SecondaryId);
        var response = await EnableSecondaryAsync(Secondary, token);
        Assert.NotEmpty(response!.Warnings);
        Secondary.Keys = Primary.Keys;
        Secondary.Threshold = Primary.Threshold;
        await WaitForAsync(async () => (await Secondary.DrStatusAsync())["state"]!.GetValue<string>() == "stream-wals", "the secondary never reached stream-wals");
    }

    public Task<Response?> WriteAsync(string path, string value) =>
        Primary.SendAsync(Operation.Update, "secret/" + path, new JsonObject { ["value"] = value }.ToJsonString());

    public string PrimaryRoot => Primary.Core.ReplicationLog!.MerkleRootHex;
    public string SecondaryRoot => Secondary.Core.ReplicationLog!.MerkleRootHex;

    public Task WaitForEqualRootsAsync(string because) =>
        WaitForAsync(() => Task.FromResult(PrimaryRoot == SecondaryRoot), because + $" (primary root {PrimaryRoot}, secondary root {SecondaryRoot})");

    /// <summary>Polls <paramref name="condition"/> until it holds or <see cref="Deadline"/> passes.</summary>
    public static async Task WaitForAsync(Func<Task<bool>> condition, string failure, TimeSpan? deadline = null)
    {
        var until = DateTime.UtcNow + (deadline ?? Deadline);
        while (!await condition())
        {
            if (DateTime.UtcNow > until)
            {
                Assert.Fail(failure);
            }
            await Task.Delay(20);
        }
    }

    /// <summary>A KV read with <paramref name="token"/>; null when the key does not exist.</summary>
    public static async Task<string?> ReadAsync(ReplicatingCore cluster, string path, string token)
    {
        try
        {
            var response = await cluster.SendAsync(Operation.Read, "secret/" + path, token: token);
            return response?.Data?["value"]?.GetValue<string>();
        }
        catch (CofferError error) when (error.Status == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        SecondaryTransport.Cut();
        PrimaryTransport.Cut();
        await Secondary.DisposeAsync();
        await Primary.DisposeAsync();
    }
}
