namespace Coffer.Core.Replication.Wal;

/// <summary>
/// Answer of <see cref="ReplicationLog.ReadFromAsync"/>: the records after the requested index, or
/// <see cref="NotRetained"/> when some of the records the reader needs were already deleted by retention, in
/// which case only a merkle diff can bring it up to date.
/// </summary>
public sealed record WalReadResult(bool NotRetained, IReadOnlyList<WalRecord> Records)
{
    public static WalReadResult Gone { get; } = new(true, []);
}
