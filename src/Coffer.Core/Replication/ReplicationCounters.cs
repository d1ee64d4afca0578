using System.Collections.Concurrent;
using Coffer.Core.Telemetry;

namespace Coffer.Core.Replication;

/// <summary>
/// Running totals of what replication did on this node, incremented by the streaming code and published by the
/// server at scrape time (the core does not hold the metrics registry). Totals only grow for the life of the
/// process, so a scrape can publish them as absolute counter values. Safe to use from any thread.
/// </summary>
public sealed class ReplicationCounters
{
    private readonly ConcurrentDictionary<string, ShippedTotals> _shipped = new(StringComparer.Ordinal);
    private long _guardFound;
    private long _missingGuard;
    private long _reconnects;
    private long _appliedEntries;
    private long _appliedBytes;
    private long _merkleDiffDifferingBuckets;
    private long _merkleSyncKeys;

    /// <summary>Durations of merkle diffs run by this node as a secondary (<c>vault.replication.merkleDiff</c>).</summary>
    public DurationHistogram MerkleDiffDurations { get; } = new();

    /// <summary>Durations of merkle syncs run by this node as a secondary (<c>vault.replication.merkleSync</c>).</summary>
    public DurationHistogram MerkleSyncDurations { get; } = new();

    /// <summary>Primary: <paramref name="entries"/> WAL records of <paramref name="bytes"/> encoded bytes were sent to a secondary.</summary>
    public void RecordShipped(string secondaryId, int entries, long bytes)
    {
        ArgumentException.ThrowIfNullOrEmpty(secondaryId);
        ArgumentOutOfRangeException.ThrowIfNegative(entries);
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        var totals = _shipped.GetOrAdd(secondaryId, static _ => new ShippedTotals());
        Interlocked.Add(ref totals.Entries, entries);
        Interlocked.Add(ref totals.Bytes, bytes);
    }

    /// <summary>Primary: a secondary's stream began inside the retained WAL (true) or needed a merkle diff (false).</summary>
    public void RecordStreamStart(bool guardFound)
    {
        if (guardFound)
        {
            Interlocked.Increment(ref _guardFound);
        }
        else
        {
            Interlocked.Increment(ref _missingGuard);
        }
    }

    /// <summary>Secondary: a new connection attempt to the primary after a fault.</summary>
    public void RecordReconnect() => Interlocked.Increment(ref _reconnects);

    /// <summary>Secondary: upstream WAL records applied.</summary>
    public void RecordApplied(int entries, long bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(entries);
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        Interlocked.Add(ref _appliedEntries, entries);
        Interlocked.Add(ref _appliedBytes, bytes);
    }

    /// <summary>Secondary: one merkle diff took <paramref name="duration"/> and found <paramref name="differingBuckets"/> buckets that differ.</summary>
    public void RecordMerkleDiff(TimeSpan duration, int differingBuckets)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(differingBuckets);
        Interlocked.Add(ref _merkleDiffDifferingBuckets, differingBuckets);
        MerkleDiffDurations.Observe(duration);
    }

    /// <summary>Secondary: one merkle sync took <paramref name="duration"/> and transferred <paramref name="keys"/> keys.</summary>
    public void RecordMerkleSync(TimeSpan duration, int keys)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(keys);
        Interlocked.Add(ref _merkleSyncKeys, keys);
        MerkleSyncDurations.Observe(duration);
    }

    /// <summary>
    /// The totals at one moment. Each value is read atomically on its own; values recorded concurrently may show
    /// in one total and not yet in another, which is harmless for monitoring.
    /// </summary>
    public ReplicationCountersSnapshot Snapshot()
    {
        var shipped = new SortedDictionary<string, (long Entries, long Bytes)>(StringComparer.Ordinal);
        foreach (var (secondaryId, totals) in _shipped)
        {
            shipped[secondaryId] = (Volatile.Read(ref totals.Entries), Volatile.Read(ref totals.Bytes));
        }
        var merkleDiff = MerkleDiffDurations.Totals;
        var merkleSync = MerkleSyncDurations.Totals;
        return new ReplicationCountersSnapshot
        {
            ShippedBySecondary = shipped,
            StreamStartsGuardFound = Volatile.Read(ref _guardFound),
            StreamStartsMissingGuard = Volatile.Read(ref _missingGuard),
            Reconnects = Volatile.Read(ref _reconnects),
            AppliedEntries = Volatile.Read(ref _appliedEntries),
            AppliedBytes = Volatile.Read(ref _appliedBytes),
            MerkleDiffRuns = merkleDiff.Count,
            MerkleDiffTotalDuration = merkleDiff.Total,
            MerkleDiffDifferingBuckets = Volatile.Read(ref _merkleDiffDifferingBuckets),
            MerkleSyncRuns = merkleSync.Count,
            MerkleSyncTotalDuration = merkleSync.Total,
            MerkleSyncKeys = Volatile.Read(ref _merkleSyncKeys),
        };
    }

    // A class so both fields can be updated in place with Interlocked.
    private sealed class ShippedTotals
    {
        public long Entries;
        public long Bytes;
    }
}
