namespace Coffer.Core.Replication.Wal;

/// <summary>
/// How much WAL a cluster keeps for streaming (Vault's <c>logshipper_buffer_length</c> and
/// <c>logshipper_buffer_size</c>). Past either bound the oldest records are deleted; a secondary that asks for
/// one of them has to catch up through the merkle diff instead. The newest record is always kept, so the last
/// index survives a restart.
/// </summary>
public sealed record ReplicationLogOptions
{
    public const long DefaultMaxEntries = 16_384;
    public const long DefaultMaxBytes = 256L * 1024 * 1024;

    public long MaxEntries { get; init; } = DefaultMaxEntries;

    public long MaxBytes { get; init; } = DefaultMaxBytes;

    /// <summary>Recent records kept decoded in memory for streaming (0 disables); records over 64 KiB are always read from storage.</summary>
    public int TailRecords { get; init; } = 4096;

    /// <summary>Most caller batches folded into one inner commit; bounds the size of one storage transaction.</summary>
    public int MaxBatchesPerCommit { get; init; } = 256;

    /// <summary>Clock for record timestamps (unix milliseconds); replaceable in tests.</summary>
    public Func<long> UnixMsClock { get; init; } = () => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
}
