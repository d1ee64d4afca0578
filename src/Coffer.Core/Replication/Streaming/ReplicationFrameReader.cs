using System.Buffers.Binary;
using Coffer.Core.Replication.Wal;

namespace Coffer.Core.Replication.Streaming;

/// <summary>Reads the frames <see cref="ReplicationFrameWriter"/> writes; a frame larger than the limit is refused as corrupt.</summary>
public sealed class ReplicationFrameReader(Stream input)
{
    public const int MaxFrameBytes = 64 * 1024 * 1024;

    public long BytesRead { get; private set; }

    /// <summary>The next frame, or null at a clean end of stream.</summary>
    /// <exception cref="InvalidDataException">The stream ended inside a frame or carries an impossible length.</exception>
    public async Task<ReplicationFrame?> ReadAsync(CancellationToken cancellationToken)
    {
        var header = new byte[5];
        var got = await ReadFullyAsync(header, cancellationToken);
        if (got == 0)
        {
            return null;
        }
        if (got < header.Length)
        {
            throw new InvalidDataException("replication stream ended inside a frame header");
        }
        var length = BinaryPrimitives.ReadUInt32BigEndian(header);
        if (length < 1 || length > MaxFrameBytes)
        {
            throw new InvalidDataException($"replication frame of {length} bytes is out of bounds");
        }
        var payload = new byte[length - 1];
        if (await ReadFullyAsync(payload, cancellationToken) < payload.Length)
        {
            throw new InvalidDataException("replication stream ended inside a frame");
        }
        BytesRead += header.Length + payload.Length;
        return new ReplicationFrame((ReplicationFrameType)header[4], payload);
    }

    public static IReadOnlyList<WalRecord> DecodeWalBatch(ReadOnlySpan<byte> payload)
    {
        if (payload.Length < 4)
        {
            throw new InvalidDataException("truncated WAL batch");
        }
        var count = BinaryPrimitives.ReadInt32BigEndian(payload);
        if (count < 0 || count > payload.Length)
        {
            throw new InvalidDataException("corrupt WAL batch");
        }
        var records = new List<WalRecord>(count);
        var offset = 4;
        for (var i = 0; i < count; i++)
        {
            if (payload.Length - offset < 4)
            {
                throw new InvalidDataException("truncated WAL batch");
            }
            var length = BinaryPrimitives.ReadInt32BigEndian(payload[offset..]);
            if (length < 0 || length > payload.Length - offset - 4)
            {
                throw new InvalidDataException("truncated WAL batch");
            }
            try
            {
                records.Add(WalRecordCodec.Decode(payload.Slice(offset + 4, length)));
            }
            catch (FormatException e)
            {
                throw new InvalidDataException(e.Message, e);
            }
            offset += 4 + length;
        }
        return records;
    }

    private async Task<int> ReadFullyAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var read = await input.ReadAsync(buffer[total..], cancellationToken);
            if (read == 0)
            {
                break;
            }
            total += read;
        }
        return total;
    }
}
