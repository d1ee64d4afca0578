namespace Coffer.Core.Replication;

/// <summary>The totals of <see cref="ReplicationCounters"/> at one moment; every value only grows over a process's life.</summary>
public sealed record ReplicationCountersSnapshot
{
    /// <summary>Primary: WAL records and encoded bytes sent, per secondary id, ordered by id.</summary>
    public IReadOnlyDictionary<string, (long Entries, long Bytes)> ShippedBySecondary { get; init; } =
        new Dictionary<string, (long Entries, long Bytes)>();

    /// <summary>Primary: streams that began inside the retained WAL.</summary>
    public long StreamStartsGuardFound { get; init; }

    /// <summary>Primary: streams whose starting point was no longer retained, so the secondary had to merkle-diff.</summary>
    public long StreamStartsMissingGuard { get; init; }

    /// <summary>Secondary: connection attempts after a fault.</summary>
    public long Reconnects { get; init; }

    public long AppliedEntries { get; init; }
    public long AppliedBytes { get; init; }

    public long MerkleDiffRuns { get; init; }
    public TimeSpan MerkleDiffTotalDuration { get; init; }
    public long MerkleDiffDifferingBuckets { get; init; }

    public long MerkleSyncRuns { get; init; }
    public TimeSpan MerkleSyncTotalDuration { get; init; }
    public long MerkleSyncKeys { get; init; }
}
