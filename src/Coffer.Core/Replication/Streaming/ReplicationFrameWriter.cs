using System.Buffers.Binary;
using System.Text.Json;
using System.Text.Json.Nodes;
using Coffer.Core.Replication.Wal;

namespace Coffer.Core.Replication.Streaming;

/// <summary>
/// Writes frames as <c>[u32 big-endian length of type+payload][u8 type][payload]</c>. Each frame is flushed, so an
/// idle stream delivers at once; under load the caller puts many records in one frame instead. Writing waits for
/// the transport's flow control, which is the stream's back-pressure.
/// </summary>
public sealed class ReplicationFrameWriter(Stream output)
{
    public long BytesWritten { get; private set; }

    public async Task WriteAsync(ReplicationFrameType type, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        var header = new byte[5];
        BinaryPrimitives.WriteUInt32BigEndian(header, (uint)(payload.Length + 1));
        header[4] = (byte)type;
        await output.WriteAsync(header, cancellationToken);
        if (!payload.IsEmpty)
        {
            await output.WriteAsync(payload, cancellationToken);
        }
        await output.FlushAsync(cancellationToken);
        BytesWritten += header.Length + payload.Length;
    }

    public Task WriteJsonAsync(ReplicationFrameType type, JsonObject body, CancellationToken cancellationToken) =>
        WriteAsync(type, JsonSerializer.SerializeToUtf8Bytes(body), cancellationToken);

    /// <summary>Writes <paramref name="records"/> as one <see cref="ReplicationFrameType.WalBatch"/> frame; returns its payload size.</summary>
    public async Task<int> WriteWalBatchAsync(IReadOnlyList<WalRecord> records, CancellationToken cancellationToken)
    {
        var encoded = records.Select(WalRecordCodec.Encode).ToList();
        var payload = new byte[4 + encoded.Sum(e => 4 + e.Length)];
        BinaryPrimitives.WriteInt32BigEndian(payload, encoded.Count);
        var offset = 4;
        foreach (var record in encoded)
        {
            BinaryPrimitives.WriteInt32BigEndian(payload.AsSpan(offset), record.Length);
            record.CopyTo(payload, offset + 4);
            offset += 4 + record.Length;
        }
        await WriteAsync(ReplicationFrameType.WalBatch, payload, cancellationToken);
        return payload.Length;
    }

    /// <summary>Writes a page of stored entries; a null value marks a key deleted since it was listed.</summary>
    public Task WriteEntriesAsync(IReadOnlyList<KeyValuePair<string, byte[]?>> entries, CancellationToken cancellationToken) =>
        WriteAsync(ReplicationFrameType.BootstrapEntries, EntryPageCodec.Encode(entries), cancellationToken);
}
