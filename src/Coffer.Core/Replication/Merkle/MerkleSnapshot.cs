namespace Coffer.Core.Replication.Merkle;

/// <summary>
/// A copy of every non-empty tree's bucket hashes (<see cref="MerkleHashing.TreeSize"/> bytes per tree) and the
/// composite root at one moment: what a primary sends for <c>merkle-diff</c>.
/// </summary>
public sealed record MerkleSnapshot(IReadOnlyDictionary<string, byte[]> Trees, string RootHex)
{
    public ReadOnlySpan<byte> Bucket(string treeId, int bucket) =>
        Trees.TryGetValue(treeId, out var tree)
            ? tree.AsSpan(bucket * MerkleHashing.HashSize, MerkleHashing.HashSize)
            : new byte[MerkleHashing.HashSize];
}
