using System.Globalization;
using System.Text.Json.Nodes;
using Coffer.Core.Replication.Roles;
using Coffer.Core.Replication.Streaming;
using Coffer.Core.Replication.Wal;

namespace Coffer.Core.Engines.System;

/// <summary>
/// <c>sys/replication/dr/status</c> (spec/replication.md §2): the primary's view of its secondaries, or a
/// secondary's view of its primary. Inside <c>secondaries[]</c> and <c>primaries[]</c> numbers are strings, as
/// Vault's API client types them. Beyond Vault, each secondary entry also carries its lag in milliseconds (age of
/// the oldest write it has not applied) and in WAL entries.
/// </summary>
internal static class DrStatusReport
{
    /// <summary>Go's zero time in unix seconds: what Vault reports for a corruption check that never ran.</summary>
    private const string NeverChecked = "-62135596800";

    public static async Task<JsonObject> BuildAsync(CofferCore core, CancellationToken cancellationToken)
    {
        var state = core.ReplicationRoles.State;
        if (core.IsSealed || core.ReplicationLog is not { } log)
        {
            return Disabled();
        }
        return state.DrMode switch
        {
            ReplicationRoleState.Primary => await PrimaryAsync(core, state, log, cancellationToken),
            ReplicationRoleState.Secondary => Secondary(core, state, log),
            ReplicationRoleState.Bootstrapping => new JsonObject { ["mode"] = ReplicationRoleState.Bootstrapping, ["cluster_id"] = state.DrClusterId },
            _ => Disabled(),
        };
    }

    private static JsonObject Disabled() => new() { ["mode"] = ReplicationRoleState.Disabled };

    private static async Task<JsonObject> PrimaryAsync(CofferCore core, ReplicationRoleState state, ReplicationLog log, CancellationToken cancellationToken)
    {
        var lastIndex = log.LastIndex;
        var secondaries = new JsonArray();
        var known = state.DrSecondaries.Where(s => !s.IsRevoked).Select(s => s.Id).ToList();
        foreach (var lag in core.DrShipper is { } shipper ? await shipper.LagsAsync(known, cancellationToken) : [])
        {
            var ack = lag.View?.Ack;
            secondaries.Add(new JsonObject
            {
                ["node_id"] = lag.Id,
                ["api_address"] = ack?.ApiAddress ?? "",
                ["cluster_address"] = ack?.ClusterAddress ?? "",
                ["connection_status"] = lag.View?.Connected == true ? "connected" : "disconnected",
                ["last_heartbeat"] = lag.View?.LastHeartbeat is { } beat ? Rfc3339(beat) : "",
                ["last_heartbeat_duration_ms"] = Text(ack?.HeartbeatRttMs ?? 0),
                // The secondary measured the primary's clock minus its own; a peer entry shows the peer's minus ours.
                ["clock_skew_ms"] = Text(-(ack?.ClockSkewMs ?? 0)),
                ["replication_primary_canary_age_ms"] = Text(ack?.CanaryAgeMs ?? -1),
                ["lag_ms"] = lag.LagMs is { } ms ? Text(ms) : "",
                ["lag_entries"] = Text((long)lag.LagEntries),
            });
        }
        var report = new JsonObject
        {
            ["mode"] = ReplicationRoleState.Primary,
            ["state"] = ReplicationStates.Running,
            ["cluster_id"] = state.DrClusterId,
            ["known_secondaries"] = new JsonArray(state.DrSecondaries.Where(s => !s.IsRevoked).Select(s => (JsonNode)s.Id).ToArray()),
            ["secondaries"] = secondaries,
            ["last_wal"] = lastIndex,
            ["last_dr_wal"] = lastIndex,
            ["merkle_root"] = log.MerkleRootHex,
            ["primary_cluster_addr"] = state.PrimaryClusterAddr,
        };
        AddIndexHealth(report, log);
        return report;
    }

    private static JsonObject Secondary(CofferCore core, ReplicationRoleState state, ReplicationLog log)
    {
        var replicator = core.DrReplicator;
        var link = replicator?.Link;
        var primary = replicator?.Primary ?? PrimaryLinkStatus.None;
        var primaries = new JsonArray();
        if (replicator is not null && link is not null)
        {
            primaries.Add(new JsonObject
            {
                ["api_address"] = primary.ApiAddress != "" ? primary.ApiAddress : link.PrimaryApiAddress,
                ["cluster_address"] = link.PrimaryClusterAddress,
                ["connection_status"] = primary.Connected && replicator.ConnectionState == ReplicationStates.Ready ? "connected" : "disconnected",
                ["last_heartbeat"] = primary.LastHeartbeat is { } beat ? Rfc3339(beat) : "",
                ["last_heartbeat_duration_ms"] = Text(primary.HeartbeatRttMs),
                ["clock_skew_ms"] = Text(primary.ClockSkewMs),
                ["replication_primary_canary_age_ms"] = Text(replicator.CanaryAgeMs()),
            });
        }
        var known = link is null ? [] : link.KnownPrimaryClusterAddresses.Concat(primary.KnownClusterAddresses).Distinct().ToList();
        var report = new JsonObject
        {
            ["mode"] = ReplicationRoleState.Secondary,
            ["state"] = replicator?.State ?? ReplicationStates.Idle,
            ["connection_state"] = replicator?.ConnectionState ?? ReplicationStates.ConnectionIdle,
            ["cluster_id"] = state.DrClusterId,
            ["secondary_id"] = link?.SecondaryId ?? "",
            ["primary_cluster_addr"] = link?.PrimaryClusterAddress ?? "",
            ["known_primary_cluster_addrs"] = new JsonArray(known.Select(a => (JsonNode)a).ToArray()),
            ["primaries"] = primaries,
            ["last_remote_wal"] = log.LastRemoteIndex,
            ["last_start"] = replicator is null ? "" : Rfc3339(replicator.LastStart),
            ["merkle_root"] = log.MerkleRootHex,
        };
        AddIndexHealth(report, log);
        return report;
    }

    private static void AddIndexHealth(JsonObject report, ReplicationLog log)
    {
        report["last_reindex_epoch"] = log.LastReindexAt is { } reindexed ? Text(reindexed.ToUnixTimeSeconds()) : "0";
        report["last_corruption_check_epoch"] = log.LastCorruptionCheck is { } check ? Text(check.CheckedAt.ToUnixTimeSeconds()) : NeverChecked;
        report["corrupted_merkle_tree"] = log.LastCorruptionCheck?.CorruptedRoot ?? false;
        // Coffer has no server-side consistent tokens yet, so the counter has never been bumped.
        report["ssct_generation_counter"] = 0;
    }

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Rfc3339(DateTimeOffset time) => time.ToString("yyyy-MM-ddTHH:mm:ss.fffK", CultureInfo.InvariantCulture);
}
