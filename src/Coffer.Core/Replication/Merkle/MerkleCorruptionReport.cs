namespace Coffer.Core.Replication.Merkle;

/// <summary>
/// Result of <c>merkle-check</c>: the incremental index compared with one rebuilt from storage. Maps onto the
/// spec's <c>merkle_corruption_report</c>: <see cref="CorruptedRoot"/> is <c>corrupted_root</c>; each tree is an
/// entry of <c>corrupted_tree_map</c> with its <c>root_hash</c> (base64, as indexed), <c>corrupted_subtree_root</c>
/// and the differing buckets (Coffer's trees have one page of 256 buckets, so they are the page's subpages).
/// </summary>
public sealed record MerkleCorruptionReport(
    bool CorruptedRoot,
    IReadOnlyList<MerkleTreeCorruption> CorruptedTrees,
    string IndexedRootHex,
    string RebuiltRootHex,
    DateTimeOffset CheckedAt);

/// <param name="TreeId">Mount uuid or <c>core</c>.</param>
/// <param name="RootHashBase64">The tree root as the incremental index has it; empty when the index lacks the tree.</param>
/// <param name="CorruptedBuckets">Buckets whose indexed hash differs from storage.</param>
public sealed record MerkleTreeCorruption(string TreeId, string RootHashBase64, bool CorruptedSubtreeRoot, IReadOnlyList<int> CorruptedBuckets);
