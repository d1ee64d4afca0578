namespace Coffer.Core.Replication.Streaming;

/// <summary>What a frame on a replication stream carries (DESIGN.md §4.2).</summary>
public enum ReplicationFrameType : byte
{
    /// <summary>One or more WAL records, oldest first, each length-prefixed in <see cref="Wal.WalRecordCodec"/> form.</summary>
    WalBatch = 1,

    /// <summary>The primary's clock, last index and addresses (JSON): liveness, clock skew and the lag canary.</summary>
    Heartbeat = 2,

    /// <summary>The requested position is not in the primary's retained WAL (or names another history): catch up by merkle diff.</summary>
    NotRetained = 3,

    /// <summary>Bootstrap header (JSON): the key material and the WAL position the snapshot corresponds to.</summary>
    BootstrapHeader = 10,

    /// <summary>A page of stored entries (key and ciphertext) of a bootstrap snapshot.</summary>
    BootstrapEntries = 11,

    /// <summary>The bootstrap snapshot is complete.</summary>
    BootstrapEnd = 12,
}

/// <summary>One length-prefixed frame of a replication stream.</summary>
public sealed record ReplicationFrame(ReplicationFrameType Type, ReadOnlyMemory<byte> Payload);
