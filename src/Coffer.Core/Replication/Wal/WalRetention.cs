namespace Coffer.Core.Replication.Wal;

/// <summary>
/// Which WAL records are still stored, oldest first, with their sizes, so the writer can tell which to delete
/// when a commit adds new ones. Touched only by the replication log's writer loop; a plan changes nothing until
/// the commit that carries it succeeded and <see cref="Commit"/> is called.
/// </summary>
internal sealed class WalRetention(ReplicationLogOptions options, IEnumerable<(ulong Index, long Size)> retained)
{
    private readonly Queue<(ulong Index, long Size)> _records = new(retained);
    private long _bytes = retained.Sum(r => r.Size);
    private long _count = retained.Count();

    /// <summary>Records stored (<c>vault.wal.gc.total</c>); safe to read from any thread.</summary>
    public long Count => Volatile.Read(ref _count);

    /// <summary>Encoded bytes stored; safe to read from any thread.</summary>
    public long Bytes => Volatile.Read(ref _bytes);

    /// <summary>Oldest stored index, or null when nothing is stored.</summary>
    public ulong? OldestIndex => _records.Count > 0 ? _records.Peek().Index : null;

    /// <summary>
    /// Oldest records to delete so that, with <paramref name="added"/>, both bounds hold; the newest record always
    /// stays. A large group can expire some of its own records: they are written and deleted in the same batch.
    /// </summary>
    public List<(ulong Index, long Size)> Expired(IReadOnlyList<(ulong Index, long Size)> added)
    {
        long count = _records.Count + added.Count;
        var bytes = _bytes + added.Sum(r => r.Size);
        var expired = new List<(ulong, long)>();
        foreach (var record in _records.Concat(added))
        {
            if (count <= 1 || (count <= options.MaxEntries && bytes <= options.MaxBytes))
            {
                break;
            }
            expired.Add(record);
            count--;
            bytes -= record.Size;
        }
        return expired;
    }

    /// <summary>Every stored record: what a resync deletes.</summary>
    public List<(ulong Index, long Size)> All() => [.. _records];

    public void Commit(int expiredCount, IReadOnlyList<(ulong Index, long Size)> added)
    {
        var bytes = _bytes;
        foreach (var record in added)
        {
            _records.Enqueue(record);
            bytes += record.Size;
        }
        for (var i = 0; i < expiredCount; i++)
        {
            bytes -= _records.Dequeue().Size;
        }
        Volatile.Write(ref _bytes, bytes);
        Volatile.Write(ref _count, _records.Count);
    }
}
