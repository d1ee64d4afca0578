namespace Coffer.Core.Replication.Merkle;

/// <summary>One indexed key as two clusters compare it during <c>merkle-diff</c>: which bucket and which leaf hash.</summary>
public sealed record MerkleLeaf(string Key, int Bucket, byte[] LeafHash);

/// <summary>A bucket of one tree, the unit <c>merkle-diff</c> narrows differences down to.</summary>
public readonly record struct MerkleBucketRef(string TreeId, int Bucket);

/// <summary>What a secondary must do to match the primary: fetch keys that differ or it lacks, delete keys the primary lacks.</summary>
public sealed record MerkleTransferPlan(IReadOnlyList<string> KeysToFetch, IReadOnlyList<string> KeysToDelete);
