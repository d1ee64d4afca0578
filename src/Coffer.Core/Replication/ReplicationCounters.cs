using System.Collections.Concurrent;

namespace Coffer.Core.Replication;

/// <summary>Running totals of replication activity, read by the server's metrics at scrape time.</summary>
public sealed class ReplicationCounters
{
    private readonly ConcurrentDictionary<string, (long Entries, long Bytes)> _shipped = new(StringComparer.Ordinal);
    private long _guardFound;
    private long _missingGuard;
    private long _reconnects;
    private long _appliedEntries;
    private long _appliedBytes;
    private long _merkleDiffs;
    private long _merkleDiffTicks;
    private long _merkleSyncs;
    private long _merkleSyncTicks;
    private long _merkleSyncKeys;

    public void RecordShipped(string secondaryId, int entries, long bytes) =>
        _shipped.AddOrUpdate(secondaryId, (entries, bytes), (_, total) => (total.Entries + entries, total.Bytes + bytes));

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

    public void RecordReconnect() => Interlocked.Increment(ref _reconnects);

    public void RecordApplied(int entries, long bytes)
    {
        Interlocked.Add(ref _appliedEntries, entries);
        Interlocked.Add(ref _appliedBytes, bytes);
    }

    public void RecordMerkleDiff(TimeSpan duration, int differingBuckets)
    {
        Interlocked.Increment(ref _merkleDiffs);
        Interlocked.Add(ref _merkleDiffTicks, duration.Ticks);
    }

    public void RecordMerkleSync(TimeSpan duration, int keys)
    {
        Interlocked.Increment(ref _merkleSyncs);
        Interlocked.Add(ref _merkleSyncTicks, duration.Ticks);
        Interlocked.Add(ref _merkleSyncKeys, keys);
    }

    public ReplicationCountersSnapshot Snapshot() => new(
        _shipped.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal),
        Interlocked.Read(ref _guardFound), Interlocked.Read(ref _missingGuard), Interlocked.Read(ref _reconnects),
        Interlocked.Read(ref _appliedEntries), Interlocked.Read(ref _appliedBytes),
        Interlocked.Read(ref _merkleDiffs), TimeSpan.FromTicks(Interlocked.Read(ref _merkleDiffTicks)),
        Interlocked.Read(ref _merkleSyncs), TimeSpan.FromTicks(Interlocked.Read(ref _merkleSyncTicks)), Interlocked.Read(ref _merkleSyncKeys));
}

public sealed record ReplicationCountersSnapshot(IReadOnlyDictionary<string, (long Entries, long Bytes)> Shipped, long GuardFound, long MissingGuard,
    long Reconnects, long AppliedEntries, long AppliedBytes, long MerkleDiffs, TimeSpan MerkleDiffTime, long MerkleSyncs, TimeSpan MerkleSyncTime,
    long MerkleSyncKeys);
