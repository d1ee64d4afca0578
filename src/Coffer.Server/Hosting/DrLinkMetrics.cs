using Coffer.Core;
using Coffer.Core.Replication.Roles;
using Coffer.Core.Replication.Streaming;
using Coffer.Core.Telemetry;

namespace Coffer.Server.Hosting;

/// <summary>
/// DR link telemetry at scrape time: the role and FSM state of this cluster (one gauge per possible value, 1 for
/// the current one, so a dashboard can alert on <c>state="idle"</c>), each secondary's lag and heartbeat age on a
/// primary, and the canary age, heartbeat and clock skew of the primary link on a secondary.
/// </summary>
internal static class DrLinkMetrics
{
    private static readonly string[] Modes =
        [ReplicationRoleState.Disabled, ReplicationRoleState.Primary, ReplicationRoleState.Secondary, ReplicationRoleState.Bootstrapping];

    private static readonly string[] States =
        [ReplicationStates.Running, ReplicationStates.Idle, ReplicationStates.StreamWals, ReplicationStates.MerkleDiff, ReplicationStates.MerkleSync];

    public static async Task PublishAsync(CofferCore core, MetricsRegistry metrics, CancellationToken cancellationToken)
    {
        var role = core.IsSealed ? ReplicationRoleState.Initial : core.ReplicationRoles.State;
        var replicator = core.DrReplicator;
        var state = role.DrMode switch
        {
            ReplicationRoleState.Primary => ReplicationStates.Running,
            ReplicationRoleState.Secondary => replicator?.State ?? ReplicationStates.Idle,
            _ => ReplicationStates.Idle,
        };
        foreach (var mode in Modes)
        {
            metrics.SetGauge("vault.replication.dr.mode", mode == role.DrMode ? 1 : 0, ("mode", mode));
        }
        foreach (var value in States)
        {
            metrics.SetGauge("vault.replication.dr.state", value == state ? 1 : 0, ("state", value));
        }
        if (role.DrMode == ReplicationRoleState.Primary && core.DrShipper is { } shipper)
        {
            var known = role.DrSecondaries.Where(s => !s.IsRevoked).Select(s => s.Id);
            foreach (var lag in await shipper.LagsAsync(known, cancellationToken))
            {
                var label = ("secondary_id", lag.Id);
                metrics.SetGauge("vault.replication.dr.secondary.connected", lag.View?.Connected == true ? 1 : 0, label);
                metrics.SetGauge("vault.replication.dr.secondary.lag_entries", lag.LagEntries, label);
                if (lag.LagMs is { } ms)
                {
                    metrics.SetGauge("vault.replication.dr.secondary.lag_ms", ms, label);
                }
                if (lag.HeartbeatAgeMs is { } age)
                {
                    metrics.SetGauge("vault.replication.dr.secondary.heartbeat_age_ms", age, label);
                }
            }
        }
        if (role.DrMode == ReplicationRoleState.Secondary && replicator is not null)
        {
            var primary = replicator.Primary;
            metrics.SetGauge("vault.replication.dr.primary.connected", primary.Connected && replicator.ConnectionState == ReplicationStates.Ready ? 1 : 0);
            metrics.SetGauge("vault.replication.dr.primary.canary_age_ms", replicator.CanaryAgeMs());
            metrics.SetGauge("vault.replication.dr.primary.clock_skew_ms", primary.ClockSkewMs);
            metrics.SetGauge("vault.replication.dr.primary.heartbeat_rtt_ms", primary.HeartbeatRttMs);
            if (primary.LastHeartbeat is { } beat)
            {
                metrics.SetGauge("vault.replication.dr.primary.heartbeat_age_ms", (core.Clock.UtcNow - beat).TotalMilliseconds);
            }
        }
    }
}
