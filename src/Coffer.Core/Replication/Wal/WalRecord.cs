namespace Coffer.Core.Replication.Wal;

/// <summary>
/// The replicated part of one committed batch, under the cluster's next monotonic WAL index.
/// <see cref="TimestampUnixMs"/> is the writer's clock at commit, used for lag reporting, never for ordering.
/// </summary>
public sealed record WalRecord(ulong Index, long TimestampUnixMs, IReadOnlyList<WalOperation> Operations);
