using System.Buffers.Binary;
using System.Text;

namespace Coffer.Core.Replication.Streaming;

/// <summary>
/// A page of stored entries as raw ciphertext: count, then per entry a key and a value with 32-bit big-endian
/// length prefixes (length −1 for an absent value). Used by bootstrap and by merkle-sync key fetches.
/// </summary>
public static class EntryPageCodec
{
    public static byte[] Encode(IReadOnlyList<KeyValuePair<string, byte[]?>> entries)
    {
        var size = 4 + entries.Sum(e => 8 + Encoding.UTF8.GetByteCount(e.Key) + (e.Value?.Length ?? 0));
        var buffer = new byte[size];
        BinaryPrimitives.WriteInt32BigEndian(buffer, entries.Count);
        var offset = 4;
        foreach (var (key, value) in entries)
        {
            var keyLength = Encoding.UTF8.GetBytes(key, buffer.AsSpan(offset + 4));
            BinaryPrimitives.WriteInt32BigEndian(buffer.AsSpan(offset), keyLength);
            offset += 4 + keyLength;
            BinaryPrimitives.WriteInt32BigEndian(buffer.AsSpan(offset), value?.Length ?? -1);
            value?.CopyTo(buffer, offset + 4);
            offset += 4 + (value?.Length ?? 0);
        }
        return buffer;
    }

    /// <exception cref="InvalidDataException">The page is truncated or corrupt.</exception>
    public static IReadOnlyList<KeyValuePair<string, byte[]?>> Decode(ReadOnlySpan<byte> page)
    {
        if (page.Length < 4)
        {
            throw new InvalidDataException("truncated entry page");
        }
        var count = BinaryPrimitives.ReadInt32BigEndian(page);
        if (count < 0 || count > page.Length)
        {
            throw new InvalidDataException("corrupt entry page");
        }
        var entries = new List<KeyValuePair<string, byte[]?>>(count);
        var offset = 4;
        for (var i = 0; i < count; i++)
        {
            var keyLength = ReadLength(page, offset, allowAbsent: false);
            var key = Encoding.UTF8.GetString(page.Slice(offset + 4, keyLength));
            offset += 4 + keyLength;
            var valueLength = ReadLength(page, offset, allowAbsent: true);
            byte[]? value = valueLength < 0 ? null : page.Slice(offset + 4, valueLength).ToArray();
            offset += 4 + Math.Max(valueLength, 0);
            entries.Add(KeyValuePair.Create(key, value));
        }
        if (offset != page.Length)
        {
            throw new InvalidDataException("corrupt entry page");
        }
        return entries;
    }

    private static int ReadLength(ReadOnlySpan<byte> page, int offset, bool allowAbsent)
    {
        if (page.Length - offset < 4)
        {
            throw new InvalidDataException("truncated entry page");
        }
        var length = BinaryPrimitives.ReadInt32BigEndian(page[offset..]);
        if ((length < 0 && !(allowAbsent && length == -1)) || length > page.Length - offset - 4)
        {
            throw new InvalidDataException("truncated entry page");
        }
        return length;
    }
}
