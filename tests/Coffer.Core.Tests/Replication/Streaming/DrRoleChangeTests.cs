using System.Net;
using System.Text.Json.Nodes;
using Coffer.Core.Replication.Roles;
using Coffer.Core.Routing;

namespace Coffer.Core.Tests.Replication.Streaming;

/// <summary>
/// Promote, demote, update-primary and disable on streaming DR clusters (spec/replication.md §4.1, §4.2, §6.7),
/// authorised by batch DR operation tokens minted on the primary ahead of time.
/// </summary>
public sealed class DrRoleChangeTests
{
    private const string PromotePath = "sys/replication/dr/secondary/promote";
    private const string UpdatePrimaryPath = "sys/replication/dr/secondary/update-primary";
    private const string DisablePath = "sys/replication/dr/secondary/disable";

    private const string OperatorPolicy = """
        path "sys/replication/dr/secondary/promote" { capabilities = ["update"] }
        path "sys/replication/dr/secondary/update-primary" { capabilities = ["update"] }
        path "sys/replication/dr/secondary/disable" { capabilities = ["update"] }
        """;

    private const string ReaderPolicy = """path "secret/*" { capabilities = ["read", "list"] }""";

    [Fact]
    public async Task Promotion_with_a_batch_operation_token_makes_a_serving_primary_that_honours_and_expires_replicated_tokens()
    {
        await using var pair = await DrPair.StartAsync();
        var operationToken = await CreateOperatorBatchTokenAsync(pair.Primary);
        await pair.Primary.SendAsync(Operation.Update, "sys/policies/acl/reader", new JsonObject { ["policy"] = ReaderPolicy }.ToJsonString());
        var reader = await CreateTokenAsync(pair.Primary, """{"policies":["reader"],"ttl":"1h"}""");
        var shortLived = await CreateTokenAsync(pair.Primary, """{"policies":["reader"],"ttl":"6s"}""");
        var shortLivedAge = System.Diagnostics.Stopwatch.StartNew();
        await pair.WriteAsync("app", "replicated");
        await pair.ActivateAsync();
        await pair.WaitForEqualRootsAsync("the secondary did not converge");

        // The primary is lost: nothing it does from here (its own sweep of the short-lived token) reaches the secondary.
        pair.SecondaryTransport.Cut();
        var storedTokens = await pair.Secondary.Core.Barrier.ListAsync("sys/token/id/");
        // Precondition, not a performance check: the primary must not have swept the token before the cut.
        Assert.True(shortLivedAge.Elapsed < TimeSpan.FromSeconds(5), "setup took too long for the short-lived token to still exist");

        var promoted = await pair.Secondary.SendAsync(Operation.Update, PromotePath,
            new JsonObject { ["dr_operation_token"] = operationToken }.ToJsonString(), token: "");
        Assert.Null(promoted);
        var status = await pair.Secondary.DrStatusAsync();
        Assert.Equal("primary", status["mode"]!.GetValue<string>());
        Assert.Equal((await pair.Primary.DrStatusAsync())["cluster_id"]!.GetValue<string>(), status["cluster_id"]!.GetValue<string>());
        Assert.Null(pair.Secondary.Core.DrReplicator);

        Assert.Equal("replicated", await DrPair.ReadAsync(pair.Secondary, "app", pair.Primary.RootToken));
        Assert.Equal("replicated", await DrPair.ReadAsync(pair.Secondary, "app", reader));
        var denied = await Assert.ThrowsAsync<CofferError>(() =>
            pair.Secondary.SendAsync(Operation.Update, "secret/app", """{"value":"nope"}""", reader));
        Assert.Equal(HttpStatusCode.Forbidden, denied.Status);
        await pair.Secondary.SendAsync(Operation.Update, "secret/after-promotion", """{"value":"new"}""", pair.Primary.RootToken);
        Assert.Equal("new", await DrPair.ReadAsync(pair.Secondary, "after-promotion", pair.Primary.RootToken));
        // The secondary's own root token went with its old data.
        await Assert.ThrowsAsync<CofferError>(() => DrPair.ReadAsync(pair.Secondary, "app", pair.Secondary.RootToken));

        // Expiry runs on the promoted cluster: the short-lived token stops working and its entry is swept.
        await DrPair.WaitForAsync(async () =>
        {
            try
            {
                await DrPair.ReadAsync(pair.Secondary, "app", shortLived);
                return false;
            }
            catch (CofferError error) when (error.Status == HttpStatusCode.Forbidden)
            {
                return true;
            }
        }, "the short-lived token kept working after its TTL on the promoted cluster");
        await DrPair.WaitForAsync(async () => (await pair.Secondary.Core.Barrier.ListAsync("sys/token/id/")).Count < storedTokens.Count,
            $"the promoted cluster never swept the expired token ({storedTokens.Count} entries before)");
        Assert.Equal("replicated", await DrPair.ReadAsync(pair.Secondary, "app", reader));
    }

    [Fact]
    public async Task Promotion_is_refused_without_a_token_or_with_one_that_does_not_grant_it()
    {
        await using var pair = await DrPair.StartAsync();
        var defaultBatch = await CreateTokenAsync(pair.Primary, """{"type":"batch","policies":["default"],"ttl":"1h"}""", orphan: true);
        await pair.ActivateAsync();

        var missing = await Assert.ThrowsAsync<CofferError>(() => pair.Secondary.SendAsync(Operation.Update, PromotePath, "{}", token: ""));
        Assert.Equal(HttpStatusCode.BadRequest, missing.Status);
        Assert.Equal("missing dr_operation_token", missing.Errors.Single());
        foreach (var wrong in new[] { defaultBatch, pair.Primary.RootToken, pair.Secondary.RootToken, "hvb.garbage" })
        {
            var error = await Assert.ThrowsAsync<CofferError>(() =>
                pair.Secondary.SendAsync(Operation.Update, PromotePath, new JsonObject { ["dr_operation_token"] = wrong }.ToJsonString(), token: ""));
            Assert.Equal(HttpStatusCode.Forbidden, error.Status);
        }

        Assert.Equal("secondary", (await pair.Secondary.DrStatusAsync())["mode"]!.GetValue<string>());
        await pair.WriteAsync("still-streaming", "yes");
        await pair.WaitForEqualRootsAsync("a refused promotion disturbed the stream");
    }

    [Fact]
    public async Task A_demoted_primary_rejoins_the_promoted_cluster_by_merkle_diff()
    {
        await using var pair = await DrPair.StartAsync();
        var operationToken = await CreateOperatorBatchTokenAsync(pair.Primary);
        await pair.WriteAsync("shared", "before-failover");
        await pair.ActivateAsync();
        await pair.WaitForEqualRootsAsync("the secondary did not converge");

        // Failover: the link breaks, the old primary takes one more write the new one never sees.
        pair.SecondaryTransport.Cut();
        await pair.WriteAsync("lost", "split-brain");
        await pair.Secondary.SendAsync(Operation.Update, PromotePath, new JsonObject { ["dr_operation_token"] = operationToken }.ToJsonString(), token: "");
        await pair.Secondary.SendAsync(Operation.Update, "secret/shared", """{"value":"after-failover"}""", pair.Primary.RootToken);
        await pair.Secondary.SendAsync(Operation.Update, "secret/only-new", """{"value":"b"}""", pair.Primary.RootToken);
        var rejoinToken = await DrPair.SecondaryTokenAsync(pair.Secondary, "dr-old-primary", pair.Primary.RootToken);

        // Failback preparation: demote the old primary and point it at the new one.
        await pair.Primary.SendAsync(Operation.Update, "sys/replication/dr/primary/demote");
        Assert.Equal("secondary", (await pair.Primary.DrStatusAsync())["mode"]!.GetValue<string>());
        pair.PrimaryTransport.Primary = () => pair.Secondary.Core;
        var updated = await pair.Primary.SendAsync(Operation.Update, UpdatePrimaryPath,
            new JsonObject { ["dr_operation_token"] = operationToken, ["token"] = rejoinToken }.ToJsonString(), token: "");
        Assert.Null(updated);

        await pair.WaitForEqualRootsAsync("the demoted primary did not converge on the promoted cluster");
        var status = await pair.Primary.DrStatusAsync();
        Assert.Equal("secondary", status["mode"]!.GetValue<string>());
        Assert.Equal("dr-old-primary", status["secondary_id"]!.GetValue<string>());
        Assert.True(pair.Primary.Core.ReplicationCounters.Snapshot().MerkleSyncRuns >= 1, "the rejoin did not go through a merkle diff and sync");
        await DrPair.WaitForAsync(async () => (await pair.Primary.DrStatusAsync())["state"]!.GetValue<string>() == "stream-wals",
            "the demoted primary did not go on to stream-wals");

        // And it keeps following: new writes on the promoted cluster arrive by streaming.
        await pair.Secondary.SendAsync(Operation.Update, "secret/later", """{"value":"c"}""", pair.Primary.RootToken);
        Assert.NotEqual(pair.PrimaryRoot, pair.SecondaryRoot);
        await pair.WaitForEqualRootsAsync("writes on the promoted cluster did not reach the demoted one");
        Assert.Equal(pair.Secondary.Core.ReplicationLog!.LastIndex, pair.Primary.Core.ReplicationLog!.LastRemoteIndex);
    }

    [Fact]
    public async Task Disabling_a_secondary_leaves_a_cluster_that_serves_the_replicated_data_on_its_own()
    {
        await using var pair = await DrPair.StartAsync();
        var operationToken = await CreateOperatorBatchTokenAsync(pair.Primary);
        await pair.WriteAsync("app", "replicated");
        // Local mounts replicate to DR secondaries too (spec/replication.md §6.2); only cluster-local state does not.
        await pair.Primary.SendAsync(Operation.Update, "sys/mounts/local-kv", """{"type":"kv","local":true}""");
        await pair.Primary.SendAsync(Operation.Update, "local-kv/site", """{"value":"local-data"}""");
        await pair.ActivateAsync();
        await pair.WriteAsync("streamed", "also");
        await pair.WaitForEqualRootsAsync("the secondary did not converge");

        var missing = await Assert.ThrowsAsync<CofferError>(() => pair.Secondary.SendAsync(Operation.Update, DisablePath, "{}", token: ""));
        Assert.Equal(HttpStatusCode.BadRequest, missing.Status);
        Assert.Null(await pair.Secondary.SendAsync(Operation.Update, DisablePath,
            new JsonObject { ["dr_operation_token"] = operationToken }.ToJsonString(), token: ""));

        Assert.Equal("disabled", (await pair.Secondary.DrStatusAsync())["mode"]!.GetValue<string>());
        Assert.Equal(ReplicationRoleState.Disabled, pair.Secondary.Core.ReplicationRoles.State.DrMode);
        Assert.Null(pair.Secondary.Core.DrReplicator);
        Assert.Equal("replicated", await DrPair.ReadAsync(pair.Secondary, "app", pair.Primary.RootToken));
        Assert.Equal("also", await DrPair.ReadAsync(pair.Secondary, "streamed", pair.Primary.RootToken));
        var local = await pair.Secondary.SendAsync(Operation.Read, "local-kv/site", token: pair.Primary.RootToken);
        Assert.Equal("local-data", local!.Data!["value"]!.GetValue<string>());
        await pair.Secondary.SendAsync(Operation.Update, "secret/own", """{"value":"independent"}""", pair.Primary.RootToken);
        Assert.Equal("independent", await DrPair.ReadAsync(pair.Secondary, "own", pair.Primary.RootToken));

        // It no longer follows the primary, and it survives a restart as a cluster of its own.
        await pair.WriteAsync("after-disable", "primary-only");
        await pair.Secondary.RestartAsync();
        Assert.Equal("disabled", (await pair.Secondary.DrStatusAsync())["mode"]!.GetValue<string>());
        Assert.Null(await DrPair.ReadAsync(pair.Secondary, "after-disable", pair.Primary.RootToken));
        Assert.Equal("independent", await DrPair.ReadAsync(pair.Secondary, "own", pair.Primary.RootToken));
    }

    /// <summary>A batch orphan token under a policy granting the DR-secondary operations, made while the cluster serves.</summary>
    private static async Task<string> CreateOperatorBatchTokenAsync(Roles.ReplicatingCore primary)
    {
        await primary.SendAsync(Operation.Update, "sys/policies/acl/dr-operator", new JsonObject { ["policy"] = OperatorPolicy }.ToJsonString());
        return await CreateTokenAsync(primary, """{"type":"batch","policies":["dr-operator"],"ttl":"1h"}""", orphan: true);
    }

    private static async Task<string> CreateTokenAsync(Roles.ReplicatingCore cluster, string json, bool orphan = false) =>
        (await cluster.SendAsync(Operation.Update, orphan ? "auth/token/create-orphan" : "auth/token/create", json))!.Auth!["client_token"]!
        .GetValue<string>();
}
