using System.Buffers.Binary;
using System.Text;

namespace Coffer.Core.Replication.Wal;

/// <summary>
/// Binary form of a <see cref="WalRecord"/> as stored under <c>repl/wal/…</c> and shipped to secondaries:
/// version byte, index, timestamp, operation count, then per operation kind, class, key and value with 32-bit
/// length prefixes (big-endian). A version byte lets the format grow without guessing.
/// </summary>
public static class WalRecordCodec
{
    private const byte Version = 1;
    private const byte PutKind = 0;
    private const byte DeleteKind = 1;

    public static int EncodedSize(WalRecord record)
    {
        var size = 1 + 8 + 8 + 4;
        foreach (var op in record.Operations)
        {
            size += 2 + 4 + Encoding.UTF8.GetByteCount(op.Key) + 4 + (op.Value?.Length ?? 0);
        }
        return size;
    }

    public static byte[] Encode(WalRecord record)
    {
        var buffer = new byte[EncodedSize(record)];
        var span = buffer.AsSpan();
        span[0] = Version;
        BinaryPrimitives.WriteUInt64BigEndian(span[1..], record.Index);
        BinaryPrimitives.WriteInt64BigEndian(span[9..], record.TimestampUnixMs);
        BinaryPrimitives.WriteInt32BigEndian(span[17..], record.Operations.Count);
        var offset = 21;
        foreach (var op in record.Operations)
        {
            span[offset++] = op.IsDelete ? DeleteKind : PutKind;
            span[offset++] = (byte)op.Class;
            var keyLength = Encoding.UTF8.GetBytes(op.Key, span[(offset + 4)..]);
            BinaryPrimitives.WriteInt32BigEndian(span[offset..], keyLength);
            offset += 4 + keyLength;
            var value = op.Value ?? [];
            BinaryPrimitives.WriteInt32BigEndian(span[offset..], value.Length);
            value.CopyTo(span[(offset + 4)..]);
            offset += 4 + value.Length;
        }
        return buffer;
    }

    /// <exception cref="FormatException">The bytes are not a WAL record of a known version.</exception>
    public static WalRecord Decode(ReadOnlySpan<byte> data)
    {
        try
        {
            if (data.Length < 21 || data[0] != Version)
            {
                throw new FormatException("unknown WAL record format");
            }
            var index = BinaryPrimitives.ReadUInt64BigEndian(data[1..]);
            var timestamp = BinaryPrimitives.ReadInt64BigEndian(data[9..]);
            var count = BinaryPrimitives.ReadInt32BigEndian(data[17..]);
            if (count < 0 || count > data.Length)
            {
                throw new FormatException("corrupt WAL record");
            }
            var operations = new List<WalOperation>(count);
            var offset = 21;
            for (var i = 0; i < count; i++)
            {
                var kind = data[offset];
                var keyClass = (KeyClass)data[offset + 1];
                if (kind > DeleteKind || !Enum.IsDefined(keyClass))
                {
                    throw new FormatException("corrupt WAL record");
                }
                offset += 2;
                var keyLength = ReadLength(data, offset);
                var key = Encoding.UTF8.GetString(data.Slice(offset + 4, keyLength));
                offset += 4 + keyLength;
                var valueLength = ReadLength(data, offset);
                byte[]? value = kind == PutKind ? data.Slice(offset + 4, valueLength).ToArray() : null;
                offset += 4 + valueLength;
                operations.Add(new WalOperation(key, value, keyClass));
            }
            if (offset != data.Length)
            {
                throw new FormatException("corrupt WAL record");
            }
            return new WalRecord(index, timestamp, operations);
        }
        catch (ArgumentOutOfRangeException)
        {
            throw new FormatException("truncated WAL record");
        }
        catch (IndexOutOfRangeException)
        {
            throw new FormatException("truncated WAL record");
        }
    }

    /// <summary>The timestamp of an encoded record without decoding its operations.</summary>
    /// <exception cref="FormatException">Not a WAL record of a known version.</exception>
    public static long TimestampOf(ReadOnlySpan<byte> data) =>
        data.Length >= 21 && data[0] == Version ? BinaryPrimitives.ReadInt64BigEndian(data[9..]) : throw new FormatException("unknown WAL record format");

    private static int ReadLength(ReadOnlySpan<byte> data, int offset)
    {
        var length = BinaryPrimitives.ReadInt32BigEndian(data[offset..]);
        if (length < 0 || length > data.Length - offset - 4)
        {
            throw new FormatException("truncated WAL record");
        }
        return length;
    }
}
