using Coffer.Core;
using Coffer.Core.Telemetry;

namespace Coffer.Server.Hosting;

/// <summary>Settings of the running server that endpoints consult, and the gauges read at scrape time.</summary>
internal sealed class ServerRuntimeInfo
{
    public bool PrometheusEnabled { get; init; }
    public bool UnauthenticatedMetricsAccess { get; init; }

    private readonly ApplyLagExport _applyLag = new();

    public async Task RefreshGaugesAsync(CofferCore core, MetricsRegistry metrics, CancellationToken cancellationToken)
    {
        metrics.SetGauge("vault.core.unsealed", core.IsSealed ? 0 : 1);
        metrics.SetGauge("vault.core.active", core.IsSealed ? 0 : 1);
        if (!core.IsSealed)
        {
            metrics.SetGauge("vault.core.mount_table.num_entries", core.Mounts.Entries.Count);
            metrics.SetGauge("vault.barrier.key_term", core.Barrier.ActiveTerm.Term);
            metrics.SetGauge("vault.expire.num_leases", core.Leases.Count);
            metrics.SetGauge("vault.expire.num_irrevocable_leases", core.Leases.IrrevocableCount);
        }
        ReplicationMetrics.Publish(core.ReplicationLog, core.ReplicationCounters, metrics);
        _applyLag.Publish(core.DrReplicator?.Lag, metrics);
        await DrLinkMetrics.PublishAsync(core, metrics, cancellationToken);
    }
}
