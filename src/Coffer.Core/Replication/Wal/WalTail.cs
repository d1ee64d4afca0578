namespace Coffer.Core.Replication.Wal;

/// <summary>
/// The most recent WAL records in memory (the log shipper's buffer), so streaming to caught-up secondaries reads
/// no storage. A ring indexed by WAL index: a slot holds a record only if its index matches, so a stale slot is
/// simply a miss. Large records are not kept, which bounds memory to slots × <see cref="MaxRecordBytes"/>.
/// </summary>
internal sealed class WalTail(int slots)
{
    public const int MaxRecordBytes = 64 * 1024;

    private readonly WalRecord?[] _ring = new WalRecord?[slots];

    public void Add(WalRecord record, long encodedSize)
    {
        if (slots > 0 && encodedSize <= MaxRecordBytes)
        {
            Volatile.Write(ref _ring[(int)(record.Index % (ulong)slots)], record);
        }
    }

    public bool TryGet(ulong index, out WalRecord record, out long encodedSize)
    {
        record = slots > 0 ? Volatile.Read(ref _ring[(int)(index % (ulong)slots)])! : null!;
        if (record is not null && record.Index == index)
        {
            encodedSize = WalRecordCodec.EncodedSize(record);
            return true;
        }
        encodedSize = 0;
        return false;
    }
}
