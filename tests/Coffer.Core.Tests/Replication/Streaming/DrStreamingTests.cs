using System.Net;
using System.Text.Json.Nodes;
using Coffer.Core.Replication.Roles;
using Coffer.Core.Replication.Streaming;
using Coffer.Core.Replication.Wal;
using Coffer.Core.Routing;
using Coffer.Core.Storage;

namespace Coffer.Core.Tests.Replication.Streaming;

/// <summary>
/// DR activation, streaming, catch-up and revocation between two real cores over SQLite, joined by
/// <see cref="InProcessTransport"/> (the server's cluster-port semantics without sockets).
/// </summary>
public sealed class DrStreamingTests
{
    [Fact]
    public async Task Activation_copies_the_primary_and_streams_its_writes()
    {
        await using var pair = await DrPair.StartAsync();
        await pair.WriteAsync("before", "one");
        await pair.ActivateAsync();

        await pair.WaitForEqualRootsAsync("the bootstrap did not make the secondary equal to the primary");
        var status = await pair.Secondary.DrStatusAsync();
        Assert.Equal("secondary", status["mode"]!.GetValue<string>());
        Assert.Equal("stream-wals", status["state"]!.GetValue<string>());
        Assert.Equal(DrPair.SecondaryId, status["secondary_id"]!.GetValue<string>());
        Assert.Equal((await pair.Primary.DrStatusAsync())["cluster_id"]!.GetValue<string>(), status["cluster_id"]!.GetValue<string>());
        await DrPair.WaitForAsync(async () => (await pair.Secondary.DrStatusAsync())["connection_state"]!.GetValue<string>() == "ready",
            "connection_state never became ready");

        for (var i = 0; i < 20; i++)
        {
            await pair.WriteAsync($"after-{i}", $"value-{i}");
        }
        await pair.Primary.SendAsync(Operation.Delete, "secret/before");
        await pair.WaitForEqualRootsAsync("writes on the primary did not reach the secondary");
        var secondary = await pair.Secondary.DrStatusAsync();
        Assert.Equal(pair.PrimaryRoot, secondary["merkle_root"]!.GetValue<string>());
        Assert.Equal(pair.Primary.Core.ReplicationLog!.LastIndex, secondary["last_remote_wal"]!.GetValue<ulong>());

        // The primary sees the secondary connected and, once it acknowledged the last write, not behind.
        await DrPair.WaitForAsync(async () =>
        {
            var entry = (await pair.Primary.DrStatusAsync())["secondaries"]!.AsArray().Single()!;
            return entry["node_id"]!.GetValue<string>() == DrPair.SecondaryId && entry["connection_status"]!.GetValue<string>() == "connected" &&
                   entry["lag_entries"]!.GetValue<string>() == "0" && entry["lag_ms"]!.GetValue<string>() == "0";
        }, "the primary never showed the secondary connected with lag_entries 0");
        var seen = (await pair.Primary.DrStatusAsync())["secondaries"]![0]!;
        Assert.Equal("https://secondary.example:8200", seen["api_address"]!.GetValue<string>());
        Assert.NotEqual("", seen["last_heartbeat"]!.GetValue<string>());
        Assert.True(pair.Primary.Core.ReplicationCounters.Snapshot().ShippedBySecondary[DrPair.SecondaryId].Entries >= 21);

        var primaries = (await pair.Secondary.DrStatusAsync())["primaries"]!.AsArray();
        Assert.Equal("https://primary.example:8200", primaries.Single()!["api_address"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_secondary_refuses_client_requests_even_with_the_primarys_root_token()
    {
        await using var pair = await DrPair.StartAsync();
        await pair.WriteAsync("app", "secret-value");
        await pair.ActivateAsync();

        foreach (var (operation, path, token) in new[]
                 {
                     (Operation.Read, "secret/app", pair.Primary.RootToken),
                     (Operation.Read, "secret/app", pair.Secondary.RootToken),
                     (Operation.Update, "secret/app", pair.Primary.RootToken),
                     (Operation.Read, "sys/mounts", pair.Primary.RootToken),
                     (Operation.Read, "auth/token/lookup-self", pair.Primary.RootToken),
                 })
        {
            var error = await Assert.ThrowsAsync<CofferError>(() => pair.Secondary.SendAsync(operation, path, operation == Operation.Update ? "{\"value\":\"x\"}" : null, token));
            Assert.Equal(HttpStatusCode.BadRequest, error.Status);
            Assert.Equal(DrSecondaryRequestGate.DisabledMessage, error.Errors.Single());
        }
    }

    [Fact]
    public async Task A_restarted_secondary_unseals_with_the_primarys_keys_and_resumes_streaming_from_last_remote_wal()
    {
        await using var pair = await DrPair.StartAsync();
        await pair.ActivateAsync();
        await pair.WriteAsync("one", "1");
        await pair.WaitForEqualRootsAsync("the first write did not arrive");
        var position = (await pair.Secondary.DrStatusAsync())["last_remote_wal"]!.GetValue<ulong>();
        var guardFoundBefore = pair.Primary.Core.ReplicationCounters.Snapshot().StreamStartsGuardFound;

        // Written while the secondary is down: still retained on the primary, so the stream resumes after it.
        await pair.Secondary.Core.DisposeAsync();
        await pair.WriteAsync("two", "2");
        await pair.Secondary.RestartAsync();

        Assert.Equal(position, pair.Secondary.Core.ReplicationLog!.LastRemoteIndex);
        await pair.WaitForEqualRootsAsync("the restarted secondary did not catch up");
        var status = await pair.Secondary.DrStatusAsync();
        Assert.Equal("secondary", status["mode"]!.GetValue<string>());
        Assert.Equal("stream-wals", status["state"]!.GetValue<string>());
        var counters = pair.Secondary.Core.ReplicationCounters.Snapshot();
        Assert.Equal(0, counters.MerkleSyncRuns);
        Assert.True(counters.AppliedEntries >= 1);
        Assert.True(pair.Primary.Core.ReplicationCounters.Snapshot().StreamStartsGuardFound > guardFoundBefore);

        await pair.WriteAsync("three", "3");
        await pair.WaitForEqualRootsAsync("streaming did not continue after the restart");
    }

    [Fact]
    public async Task Garbage_or_spent_activation_tokens_leave_the_cluster_working()
    {
        await using var pair = await DrPair.StartAsync();
        await pair.Secondary.SendAsync(Operation.Update, "secret/own", """{"value":"mine"}""");
        var spent = await DrPair.SecondaryTokenAsync(pair.Primary, "dr-spent");
        await pair.Primary.SendAsync(Operation.Update, "sys/wrapping/unwrap", token: spent);

        foreach (var token in new[] { "not-a-token", "eyJhbGciOiJFUzUxMiJ9.eyJhZGRyIjoiaHR0cHM6Ly9wcmltYXJ5LmV4YW1wbGU6ODIwMCJ9.AAAA", spent })
        {
            var error = await Assert.ThrowsAsync<CofferError>(() => DrPair.EnableSecondaryAsync(pair.Secondary, token));
            Assert.Equal(HttpStatusCode.BadRequest, error.Status);
            await AssertStillOwnClusterAsync(pair);
        }
        var missing = await Assert.ThrowsAsync<CofferError>(() =>
            pair.Secondary.SendAsync(Operation.Update, "sys/replication/dr/secondary/enable", "{}"));
        Assert.Equal(HttpStatusCode.BadRequest, missing.Status);
        await AssertStillOwnClusterAsync(pair);
        Assert.Equal(0, pair.SecondaryTransport.OpenedStreams);
    }

    [Fact]
    public async Task An_unreachable_cluster_port_or_a_revoked_certificate_fails_activation_before_anything_changes()
    {
        await using var pair = await DrPair.StartAsync();
        await pair.Secondary.SendAsync(Operation.Update, "secret/own", """{"value":"mine"}""");

        // The API answers (the unwrap succeeds) but the cluster port does not.
        pair.SecondaryTransport.Cut(includingApi: false);
        var unreachable = await Assert.ThrowsAsync<CofferError>(async () =>
            await DrPair.EnableSecondaryAsync(pair.Secondary, await DrPair.SecondaryTokenAsync(pair.Primary, "dr-unreachable")));
        Assert.Equal(HttpStatusCode.BadRequest, unreachable.Status);
        Assert.Contains("cannot reach the primary's cluster port", unreachable.Errors.Single());
        await AssertStillOwnClusterAsync(pair);
        pair.SecondaryTransport.Restore();

        // The bundle unwraps, but its certificate was revoked in between: the cluster port refuses the bootstrap.
        var token = await DrPair.SecondaryTokenAsync(pair.Primary, "dr-revoked");
        await pair.Primary.SendAsync(Operation.Update, "sys/replication/dr/primary/revoke-secondary", """{"id":"dr-revoked"}""");
        var revoked = await Assert.ThrowsAsync<CofferError>(() => DrPair.EnableSecondaryAsync(pair.Secondary, token));
        Assert.Contains("403", revoked.Errors.Single());
        await AssertStillOwnClusterAsync(pair);

        // The same cluster can still be activated properly afterwards.
        await pair.ActivateAsync();
        await pair.WaitForEqualRootsAsync("activation after failed attempts did not converge");
    }

    [Fact]
    public async Task A_secondary_beyond_the_primarys_retention_catches_up_by_merkle_sync_then_streams()
    {
        await using var pair = await DrPair.StartAsync(new ReplicationLogOptions { MaxEntries = 10 });
        for (var i = 0; i < 10; i++)
        {
            await pair.WriteAsync($"early-{i}", "x");
        }
        await pair.ActivateAsync();
        await pair.WaitForEqualRootsAsync("the bootstrap did not converge");
        var syncsBefore = pair.Secondary.Core.ReplicationCounters.Snapshot().MerkleSyncRuns;

        pair.SecondaryTransport.Cut();
        await DrPair.WaitForAsync(async () => (await pair.Secondary.DrStatusAsync())["connection_state"]!.GetValue<string>() != "ready",
            "the secondary did not notice the cut");
        for (var i = 0; i < 100; i++)
        {
            await pair.WriteAsync($"late-{i}", $"value-{i}");
        }
        for (var i = 0; i < 5; i++)
        {
            await pair.Primary.SendAsync(Operation.Delete, $"secret/early-{i}");
        }
        Assert.True(pair.Primary.Core.ReplicationLog!.FirstRetainedIndex > pair.Secondary.Core.ReplicationLog!.LastRemoteIndex + 1,
            "the test needs the secondary's position to have left the primary's retained WAL");
        Assert.NotEqual(pair.PrimaryRoot, pair.SecondaryRoot);
        // The primary reports the lag from the last acknowledgement.
        var behind = (await pair.Primary.DrStatusAsync())["secondaries"]![0]!;
        Assert.True(long.Parse(behind["lag_entries"]!.GetValue<string>()) >= 105, behind.ToJsonString());

        pair.SecondaryTransport.Restore();
        await pair.WaitForEqualRootsAsync("the secondary did not catch up after the partition");
        var counters = pair.Secondary.Core.ReplicationCounters.Snapshot();
        Assert.True(counters.MerkleSyncRuns > syncsBefore, "no merkle sync was recorded");
        Assert.True(counters.MerkleSyncKeys >= 105, $"the merkle sync transferred {counters.MerkleSyncKeys} keys, expected at least 100 puts and 5 deletes");
        Assert.True(counters.MerkleDiffDifferingBuckets > 0, "the merkle diff recorded no differing buckets");
        Assert.True(counters.Reconnects >= 1);
        Assert.True(pair.Primary.Core.ReplicationCounters.Snapshot().StreamStartsMissingGuard >= 1);

        await DrPair.WaitForAsync(async () => (await pair.Secondary.DrStatusAsync())["state"]!.GetValue<string>() == "stream-wals",
            "the secondary did not return to stream-wals after the sync");
        var syncs = counters.MerkleSyncRuns;
        await pair.WriteAsync("after-sync", "y");
        await pair.WaitForEqualRootsAsync("streaming did not continue after the merkle sync");
        Assert.Equal(syncs, pair.Secondary.Core.ReplicationCounters.Snapshot().MerkleSyncRuns);
        Assert.Equal(pair.Primary.Core.ReplicationLog.LastIndex, pair.Secondary.Core.ReplicationLog.LastRemoteIndex);
    }

    [Fact]
    public async Task A_short_partition_within_retention_resumes_the_stream_without_a_merkle_sync()
    {
        await using var pair = await DrPair.StartAsync();
        await pair.ActivateAsync();
        await pair.WaitForEqualRootsAsync("the bootstrap did not converge");
        var before = pair.Secondary.Core.ReplicationCounters.Snapshot();

        pair.SecondaryTransport.Cut();
        await DrPair.WaitForAsync(async () => (await pair.Secondary.DrStatusAsync())["connection_state"]!.GetValue<string>() != "ready",
            "the secondary did not notice the cut");
        // More records than the shipper puts in one frame, so the resumed stream sends several batches.
        await Task.WhenAll(Enumerable.Range(0, 8).Select(async writer =>
        {
            for (var i = 0; i < 80; i++)
            {
                await pair.WriteAsync($"during-{writer}-{i}", "x");
            }
        }));
        Assert.True(pair.Primary.Core.ReplicationLog!.LastIndex - pair.Secondary.Core.ReplicationLog!.LastRemoteIndex > 512);
        pair.SecondaryTransport.Restore();
        await pair.WaitForEqualRootsAsync("the secondary did not catch up after the partition");
        var after = pair.Secondary.Core.ReplicationCounters.Snapshot();
        Assert.Equal(before.MerkleSyncRuns, after.MerkleSyncRuns);
        Assert.True(after.Reconnects > before.Reconnects);
        Assert.True(after.AppliedEntries - before.AppliedEntries >= 640);
    }

    [Fact]
    public async Task A_corrupt_wal_batch_is_never_applied_and_the_secondary_recovers_by_reconnecting()
    {
        await using var pair = await DrPair.StartAsync();
        await pair.ActivateAsync();
        await pair.WaitForEqualRootsAsync("the bootstrap did not converge");
        var before = pair.Secondary.Core.ReplicationCounters.Snapshot();
        var position = pair.Secondary.Core.ReplicationLog!.LastRemoteIndex;

        pair.SecondaryTransport.CorruptNextWalBatch = true;
        await pair.WriteAsync("corrupted-in-flight", "x");

        await DrPair.WaitForAsync(() => Task.FromResult(pair.Secondary.Core.ReplicationCounters.Snapshot().Reconnects > before.Reconnects),
            "the secondary did not drop the stream that carried a corrupt batch");
        Assert.False(pair.SecondaryTransport.CorruptNextWalBatch, "no batch went through the corrupting stream");
        await pair.WaitForEqualRootsAsync("the secondary did not get the write after reconnecting");
        Assert.True(pair.Secondary.Core.ReplicationLog.LastRemoteIndex > position);
        Assert.Equal(before.MerkleSyncRuns, pair.Secondary.Core.ReplicationCounters.Snapshot().MerkleSyncRuns);
    }

    [Fact]
    public async Task A_restarted_primary_is_found_again_and_the_stream_resumes_where_it_stopped()
    {
        await using var pair = await DrPair.StartAsync();
        await pair.ActivateAsync();
        await pair.WriteAsync("one", "1");
        await pair.WaitForEqualRootsAsync("the first write did not arrive");
        var syncs = pair.Secondary.Core.ReplicationCounters.Snapshot().MerkleSyncRuns;

        await pair.Primary.RestartAsync();
        await pair.WriteAsync("two", "2");

        await pair.WaitForEqualRootsAsync("the secondary did not follow the restarted primary");
        await DrPair.WaitForAsync(async () => (await pair.Secondary.DrStatusAsync())["connection_state"]!.GetValue<string>() == "ready",
            "the secondary did not reconnect to the restarted primary");
        Assert.Equal(syncs, pair.Secondary.Core.ReplicationCounters.Snapshot().MerkleSyncRuns);
        Assert.True(pair.Primary.Core.ReplicationCounters.Snapshot().StreamStartsGuardFound >= 1);
        await DrPair.WaitForAsync(async () =>
                (await pair.Primary.DrStatusAsync())["secondaries"]![0]!["connection_status"]!.GetValue<string>() == "connected",
            "the restarted primary never saw its secondary again");
    }

    /// <summary>
    /// Encrypted activation: the would-be secondary's public key goes to the primary, which seals the bundle to it
    /// instead of wrapping it, so the secondary activates without reaching the primary's API at all. Only the
    /// cluster holding the matching private key can use such a token.
    /// </summary>
    [Fact]
    public async Task A_token_sealed_to_the_secondarys_public_key_activates_it_without_the_primarys_api()
    {
        await using var pair = await DrPair.StartAsync();
        await pair.WriteAsync("app", "from-primary");
        var generated = await pair.Secondary.SendAsync(Operation.Update, "sys/replication/dr/secondary/generate-public-key");
        var publicKey = generated!.Data!["secondary_public_key"]!.GetValue<string>();

        var badKey = await Assert.ThrowsAsync<CofferError>(() => pair.Primary.SendAsync(Operation.Update,
            "sys/replication/dr/primary/secondary-token", new JsonObject { ["id"] = "dr-sealed", ["secondary_public_key"] = "bm90IGEga2V5" }.ToJsonString()));
        Assert.Equal("secondary_public_key is not a public key from generate-public-key", badKey.Errors.Single());
        var minted = await pair.Primary.SendAsync(Operation.Update, "sys/replication/dr/primary/secondary-token",
            new JsonObject { ["id"] = "dr-sealed", ["secondary_public_key"] = publicKey }.ToJsonString());
        Assert.Null(minted!.WrapInfo);
        var sealedToken = minted.Data!["token"]!.GetValue<string>();
        Assert.StartsWith("coffer-dr-sealed.", sealedToken);

        // A key pair generated since (or on another cluster) cannot open it, and nothing changes.
        await using (var other = await Roles.ReplicatingCore.StartAsync("coffer-stream-other-", transport: new InProcessTransport(), name: "other"))
        {
            await other.SendAsync(Operation.Update, "sys/replication/dr/secondary/generate-public-key");
            var refused = await Assert.ThrowsAsync<CofferError>(() => DrPair.EnableSecondaryAsync(other, sealedToken));
            Assert.Equal("the activation token was not encrypted to this cluster's current public key, or is damaged", refused.Errors.Single());
        }

        pair.SecondaryTransport.ApiUnreachable = true;
        await DrPair.EnableSecondaryAsync(pair.Secondary, sealedToken);
        await pair.WaitForEqualRootsAsync("the sealed activation did not bootstrap the secondary");
        Assert.Equal("secondary", (await pair.Secondary.DrStatusAsync())["mode"]!.GetValue<string>());
    }

    /// <summary>
    /// <c>recover</c> restarts a stuck link by hand: on the secondary (DR operation token) its client starts over at
    /// once instead of waiting out its backoff; on the primary (a normal token) every stream ends and reconnects.
    /// </summary>
    [Fact]
    public async Task Recover_restarts_the_secondarys_client_and_the_primarys_streams()
    {
        await using var pair = await DrPair.StartAsync();
        var refused = await Assert.ThrowsAsync<CofferError>(() => pair.Secondary.SendAsync(Operation.Update, "sys/replication/recover"));
        Assert.Equal("replication is not enabled on this cluster", refused.Errors.Single());
        await pair.Primary.SendAsync(Operation.Update, "sys/policies/acl/dr-recover",
            new JsonObject { ["policy"] = """path "sys/replication/dr/secondary/recover" { capabilities = ["update"] }""" }.ToJsonString());
        var operationToken = (await pair.Primary.SendAsync(Operation.Update, "auth/token/create-orphan",
            """{"type":"batch","policies":["dr-recover"],"ttl":"1h"}"""))!.Auth!["client_token"]!.GetValue<string>();
        await pair.ActivateAsync();

        pair.SecondaryTransport.Cut();
        await DrPair.WaitForAsync(async () => (await pair.Secondary.DrStatusAsync())["connection_state"]!.GetValue<string>() != "ready",
            "the secondary never noticed the cut");
        pair.SecondaryTransport.Restore();
        var stuck = pair.Secondary.Core.DrReplicator;
        var missing = await Assert.ThrowsAsync<CofferError>(() =>
            pair.Secondary.SendAsync(Operation.Update, "sys/replication/dr/secondary/recover", "{}", token: ""));
        Assert.Equal("missing dr_operation_token", missing.Errors.Single());
        var recovered = await pair.Secondary.SendAsync(Operation.Update, "sys/replication/dr/secondary/recover",
            new JsonObject { ["dr_operation_token"] = operationToken }.ToJsonString(), token: "");
        Assert.StartsWith("replication recovery: the replication client restarted", recovered!.Warnings.Single());
        Assert.NotSame(stuck, pair.Secondary.Core.DrReplicator);
        await pair.WriteAsync("after-recover", "1");
        await pair.WaitForEqualRootsAsync("the recovered secondary did not catch up");

        var streams = pair.SecondaryTransport.OpenedStreams;
        var primaryRecovered = await pair.Primary.SendAsync(Operation.Update, "sys/replication/recover");
        Assert.StartsWith("replication recovery: every secondary stream was ended", primaryRecovered!.Warnings.Single());
        await DrPair.WaitForAsync(() => Task.FromResult(pair.SecondaryTransport.OpenedStreams > streams), "the secondary never reconnected");
        await pair.WriteAsync("after-primary-recover", "2");
        await pair.WaitForEqualRootsAsync("the secondary did not resume after the primary's recover");
    }

    [Fact]
    public async Task Planned_failover_demote_promote_and_rejoin_loses_nothing()
    {
        await using var pair = await DrPair.StartAsync();
        await pair.Primary.SendAsync(Operation.Update, "sys/policies/acl/dr-operator", new JsonObject
        {
            ["policy"] = """
                path "sys/replication/dr/secondary/promote" { capabilities = ["update"] }
                path "sys/replication/dr/secondary/update-primary" { capabilities = ["update"] }
                """,
        }.ToJsonString());
        var operationToken = (await pair.Primary.SendAsync(Operation.Update, "auth/token/create-orphan",
            """{"type":"batch","policies":["dr-operator"],"ttl":"1h"}"""))!.Auth!["client_token"]!.GetValue<string>();
        await pair.ActivateAsync();
        for (var i = 0; i < 10; i++)
        {
            await pair.WriteAsync($"key-{i}", $"v{i}");
        }

        // The runbook: let the secondary catch up, demote (the old primary stops taking writes and cuts its stream), promote.
        await pair.WaitForEqualRootsAsync("the secondary did not catch up before the failover");
        await pair.Primary.SendAsync(Operation.Update, "sys/replication/dr/primary/demote");
        await DrPair.WaitForAsync(async () => (await pair.Secondary.DrStatusAsync())["connection_state"]!.GetValue<string>() != "ready",
            "the secondary stayed connected to a demoted primary");
        Assert.Equal(pair.PrimaryRoot, pair.SecondaryRoot);
        var refused = await Assert.ThrowsAsync<CofferError>(() => pair.WriteAsync("refused", "x"));
        Assert.Equal(DrSecondaryRequestGate.DisabledMessage, refused.Errors.Single());

        await pair.Secondary.SendAsync(Operation.Update, "sys/replication/dr/secondary/promote",
            new JsonObject { ["dr_operation_token"] = operationToken }.ToJsonString(), token: "");
        var rejoin = await DrPair.SecondaryTokenAsync(pair.Secondary, "dr-west", pair.Primary.RootToken);
        pair.PrimaryTransport.Primary = () => pair.Secondary.Core;
        await pair.Primary.SendAsync(Operation.Update, "sys/replication/dr/secondary/update-primary",
            new JsonObject { ["dr_operation_token"] = operationToken, ["token"] = rejoin }.ToJsonString(), token: "");
        await pair.Secondary.SendAsync(Operation.Update, "secret/after", """{"value":"new-primary"}""", pair.Primary.RootToken);

        await pair.WaitForEqualRootsAsync("the old primary did not follow the new one");
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal($"v{i}", await DrPair.ReadAsync(pair.Secondary, $"key-{i}", pair.Primary.RootToken));
        }
        Assert.Equal("secondary", (await pair.Primary.DrStatusAsync())["mode"]!.GetValue<string>());
        Assert.Equal("primary", (await pair.Secondary.DrStatusAsync())["mode"]!.GetValue<string>());
    }

    [Fact]
    public async Task Revoking_the_secondary_cuts_its_stream_for_good()
    {
        await using var pair = await DrPair.StartAsync();
        await pair.ActivateAsync();
        await pair.WriteAsync("shared", "1");
        await pair.WaitForEqualRootsAsync("the first write did not arrive");
        var frozen = pair.SecondaryRoot;

        await pair.Primary.SendAsync(Operation.Update, "sys/replication/dr/primary/revoke-secondary",
            new JsonObject { ["id"] = DrPair.SecondaryId }.ToJsonString());
        await DrPair.WaitForAsync(async () => (await pair.Secondary.DrStatusAsync())["connection_state"]!.GetValue<string>() != "ready",
            "the secondary's connection stayed ready after its revocation");
        for (var i = 0; i < 5; i++)
        {
            await pair.WriteAsync($"after-revoke-{i}", "x");
        }
        var reconnects = pair.Secondary.Core.ReplicationCounters.Snapshot().Reconnects;
        // It keeps trying (with backoff) and keeps being refused: nothing more arrives.
        await DrPair.WaitForAsync(() => Task.FromResult(pair.Secondary.Core.ReplicationCounters.Snapshot().Reconnects > reconnects),
            "the secondary stopped retrying");
        Assert.Equal(frozen, pair.SecondaryRoot);
        Assert.NotEqual(pair.PrimaryRoot, pair.SecondaryRoot);
        Assert.NotEqual("ready", (await pair.Secondary.DrStatusAsync())["connection_state"]!.GetValue<string>());
        Assert.Empty((await pair.Primary.DrStatusAsync())["secondaries"]!.AsArray());
    }

    /// <summary>
    /// Once pages of the primary's entries were applied there is no way back: an interrupted bootstrap answers 500,
    /// says so, keeps answering status (mode bootstrapping) and retries by itself with the same activation token.
    /// </summary>
    [Fact]
    public async Task A_bootstrap_broken_after_the_wipe_began_is_retried_until_it_completes()
    {
        await using var pair = await DrPair.StartAsync();
        await pair.WriteAsync("app", "from-primary");
        await pair.Secondary.SendAsync(Operation.Update, "secret/own", """{"value":"mine"}""");
        pair.SecondaryTransport.BreakNextBootstrapBeforeEnd = true;
        var failed = await Assert.ThrowsAsync<CofferError>(async () =>
            await DrPair.EnableSecondaryAsync(pair.Secondary, await DrPair.SecondaryTokenAsync(pair.Primary, "dr-broken")));
        Assert.Equal(HttpStatusCode.InternalServerError, failed.Status);
        Assert.StartsWith("bootstrapping from the primary was interrupted", failed.Errors.Single());

        var status = await pair.Secondary.DrStatusAsync();
        Assert.Contains(status["mode"]!.GetValue<string>(), new[] { "bootstrapping", "secondary" });
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((await pair.Secondary.DrStatusAsync())["mode"]!.GetValue<string>() != "secondary")
        {
            Assert.True(DateTime.UtcNow < deadline, "the retried bootstrap never completed");
            await Task.Delay(50);
        }
        await pair.WaitForEqualRootsAsync("the retried bootstrap did not converge");
    }

    /// <summary>
    /// Stopped after the copy completed (the primary's keyring in place, the old Local state gone) but before its own
    /// state was stored: with no link, such a cluster must not come up as a standalone copy of the primary. The note
    /// left in the completing batch makes it wait, serving nothing, for a new token of the same primary.
    /// </summary>
    [Fact]
    public async Task A_secondary_stopped_between_the_copy_and_storing_its_link_waits_for_a_new_token()
    {
        await using var pair = await DrPair.StartAsync();
        await using var other = await Roles.ReplicatingCore.StartAsync("coffer-stream-other-", transport: new InProcessTransport(), name: "other");
        await other.SendAsync(Operation.Update, "sys/replication/dr/primary/enable");
        await pair.WriteAsync("app", "from-primary");
        await pair.ActivateAsync();
        Assert.Null(await pair.Secondary.Core.ReplicationLog!.GetAsync(BootstrapCopyNote.Key));

        // The state such a stop leaves: the note, and none of the Local entries written after the copy.
        pair.SecondaryTransport.Cut();
        var caPem = pair.Primary.Core.ClusterTls.Authority!.CertificatePem;
        await pair.Secondary.Core.ReplicationLog!.CommitAsync([
            StorageOperation.Delete(UpstreamLink.StoragePath),
            StorageOperation.Delete(ReplicationRoles.StatePath),
            StorageOperation.Put(BootstrapCopyNote.Key, new BootstrapCopyNote(pair.Primary.Core.ReplicationRoles.State.DrClusterId, caPem).Serialize()),
        ]);
        await pair.Secondary.Core.DisposeAsync();
        pair.SecondaryTransport.Restore();
        await pair.Secondary.RestartAsync();

        Assert.Equal("bootstrapping", (await pair.Secondary.DrStatusAsync())["mode"]!.GetValue<string>());
        var gated = await Assert.ThrowsAsync<CofferError>(() => DrPair.ReadAsync(pair.Secondary, "app", pair.Primary.RootToken));
        Assert.Equal(DrSecondaryRequestGate.DisabledMessage, gated.Errors.Single());
        pair.SecondaryTransport.Primary = () => other.Core;
        var hijack = await Assert.ThrowsAsync<CofferError>(async () =>
            await DrPair.EnableSecondaryAsync(pair.Secondary, await DrPair.SecondaryTokenAsync(other, "dr-hijack")));
        Assert.Contains("bootstrapping from another primary", hijack.Errors.Single());

        pair.SecondaryTransport.Primary = () => pair.Primary.Core;
        await DrPair.EnableSecondaryAsync(pair.Secondary, await DrPair.SecondaryTokenAsync(pair.Primary, "dr-again"));
        await pair.WriteAsync("after", "again");
        await pair.WaitForEqualRootsAsync("the re-activated secondary did not converge");
        Assert.Null(await pair.Secondary.Core.ReplicationLog!.GetAsync(BootstrapCopyNote.Key));
    }

    /// <summary>
    /// A cluster whose bootstrap broke has no token store to authenticate an enable call with: only an activation
    /// token of the primary it was copying from (same replication CA) may restart it, not one of any other cluster.
    /// </summary>
    [Fact]
    public async Task A_broken_bootstrap_is_restarted_only_by_a_token_of_the_same_primary()
    {
        await using var pair = await DrPair.StartAsync();
        await using var other = await Roles.ReplicatingCore.StartAsync("coffer-stream-other-", transport: new InProcessTransport(), name: "other");
        await other.SendAsync(Operation.Update, "sys/replication/dr/primary/enable");
        await pair.WriteAsync("app", "from-primary");
        pair.SecondaryTransport.BreakNextBootstrapBeforeEnd = true;
        await Assert.ThrowsAsync<CofferError>(async () =>
            await DrPair.EnableSecondaryAsync(pair.Secondary, await DrPair.SecondaryTokenAsync(pair.Primary, "dr-broken")));
        pair.SecondaryTransport.Cut(includingApi: false);

        pair.SecondaryTransport.Primary = () => other.Core;
        var refused = await Assert.ThrowsAsync<CofferError>(async () =>
            await DrPair.EnableSecondaryAsync(pair.Secondary, await DrPair.SecondaryTokenAsync(other, "dr-hijack")));
        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Contains("bootstrapping from another primary", refused.Errors.Single());
        Assert.Equal("bootstrapping", (await pair.Secondary.DrStatusAsync())["mode"]!.GetValue<string>());

        pair.SecondaryTransport.Primary = () => pair.Primary.Core;
        pair.SecondaryTransport.Restore();
        await DrPair.EnableSecondaryAsync(pair.Secondary, await DrPair.SecondaryTokenAsync(pair.Primary, "dr-again"));
        Assert.Equal("secondary", (await pair.Secondary.DrStatusAsync())["mode"]!.GetValue<string>());
        await pair.WaitForEqualRootsAsync("the restarted bootstrap did not converge");
    }

    private static async Task AssertStillOwnClusterAsync(DrPair pair)
    {
        Assert.Equal("disabled", (await pair.Secondary.DrStatusAsync())["mode"]!.GetValue<string>());
        Assert.Equal("mine", await DrPair.ReadAsync(pair.Secondary, "own", pair.Secondary.RootToken));
        await pair.Secondary.SendAsync(Operation.Update, "secret/own-write", """{"value":"still"}""");
        Assert.Equal(ReplicationRoleState.Disabled, pair.Secondary.Core.ReplicationRoles.State.DrMode);
        Assert.Null(pair.Secondary.Core.DrReplicator);
    }
}
