using Coffer.Core.Replication.Merkle;

namespace Coffer.Core.Replication.Streaming;

/// <summary>
/// Leaves on the wire during <c>merkle-diff</c>: an <see cref="EntryPageCodec"/> page whose value per key is its
/// bucket (one byte) followed by its leaf hash. A large tree sends ~100k of these, which JSON made slow to build
/// and parse.
/// </summary>
public static class MerkleLeafPage
{
    private const int ValueSize = 1 + MerkleHashing.HashSize;

    public static byte[] Encode(IReadOnlyList<MerkleLeaf> leaves) =>
        EntryPageCodec.Encode(leaves.Select(leaf => KeyValuePair.Create(leaf.Key, (byte[]?)[(byte)leaf.Bucket, .. leaf.LeafHash])).ToList());

    /// <exception cref="InvalidDataException">The page is truncated or corrupt.</exception>
    public static IReadOnlyList<MerkleLeaf> Decode(ReadOnlySpan<byte> page) =>
        EntryPageCodec.Decode(page).Select(entry => entry.Value is { Length: ValueSize } value
            ? new MerkleLeaf(entry.Key, value[0], value[1..])
            : throw new InvalidDataException("corrupt merkle leaf page")).ToList();
}
