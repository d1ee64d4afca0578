using Coffer.Core.Replication;
using Coffer.Core.Replication.Wal;
using Coffer.Core.Telemetry;

namespace Coffer.Server.Hosting;

/// <summary>
/// Publishes replication telemetry (spec/replication.md §10) at scrape time under Vault's names: gauges read from
/// the replication log, and counters raised to the absolute totals of <see cref="ReplicationCounters"/> so that
/// repeated scrapes never count anything twice.
/// </summary>
internal static class ReplicationMetrics
{
    public static void Publish(ReplicationLog? log, ReplicationCounters counters, MetricsRegistry metrics)
    {
        if (log is not null)
        {
            PublishLog(log, metrics);
        }
        PublishCounters(counters, metrics);
    }

    private static void PublishLog(ReplicationLog log, MetricsRegistry metrics)
    {
        // One WAL serves DR and performance secondaries alike, so both indexes are the same number.
        metrics.SetGauge("vault.replication.wal.last_wal", log.LastIndex);
        metrics.SetGauge("vault.replication.wal.last_dr_wal", log.LastIndex);
        metrics.SetGauge("vault.replication.fsm.last_remote_wal", log.LastRemoteIndex);
        var (records, bytes) = log.Retained;
        // The retained WAL is what the log shipper streams from: it is both the GC'd set and the shipper's buffer.
        metrics.SetGauge("vault.wal.gc.total", records);
        metrics.SetGauge("vault.logshipper.buffer.length", records);
        metrics.SetGauge("vault.logshipper.buffer.size", bytes);
        metrics.SetGauge("vault.logshipper.buffer.max_length", log.Options.MaxEntries);
        metrics.SetGauge("vault.logshipper.buffer.max_size", log.Options.MaxBytes);
    }

    private static void PublishCounters(ReplicationCounters counters, MetricsRegistry metrics)
    {
        var snapshot = counters.Snapshot();
        foreach (var (secondaryId, shipped) in snapshot.ShippedBySecondary)
        {
            metrics.RaiseCounterTo("vault.replication.shipped.entries", shipped.Entries, ("secondary_id", secondaryId));
            metrics.RaiseCounterTo("vault.replication.shipped.bytes", shipped.Bytes, ("secondary_id", secondaryId));
        }
        metrics.RaiseCounterTo("vault.logshipper.streamWALs.guard_found", snapshot.StreamStartsGuardFound);
        metrics.RaiseCounterTo("vault.logshipper.streamWALs.missing_guard", snapshot.StreamStartsMissingGuard);
        metrics.RaiseCounterTo("vault.replication.reconnects", snapshot.Reconnects);
        metrics.RaiseCounterTo("vault.replication.applied.entries", snapshot.AppliedEntries);
        metrics.RaiseCounterTo("vault.replication.applied.bytes", snapshot.AppliedBytes);
        metrics.RaiseCounterTo("vault.replication.merkleDiff.differing_buckets", snapshot.MerkleDiffDifferingBuckets);
        metrics.RaiseCounterTo("vault.replication.merkleSync.keys", snapshot.MerkleSyncKeys);
        metrics.PublishDurations("vault.replication.merkleDiff", counters.MerkleDiffDurations);
        metrics.PublishDurations("vault.replication.merkleSync", counters.MerkleSyncDurations);
    }
}
