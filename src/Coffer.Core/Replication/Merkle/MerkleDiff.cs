using Coffer.Core.Storage;

namespace Coffer.Core.Replication.Merkle;

/// <summary>
/// The comparison steps of catch-up. Step 1: compare per-tree bucket hashes and keep differing buckets
/// (8 KiB per tree on the wire). Step 2: list the keys of those buckets with their leaf hashes on both sides.
/// Step 3: plan the transfer, so only keys that actually differ move.
/// </summary>
public static class MerkleDiff
{
    /// <param name="includeTree">Trees to compare (a performance secondary skips the trees it does not receive); all when null.</param>
    public static IReadOnlyList<MerkleBucketRef> DifferingBuckets(MerkleSnapshot local, MerkleSnapshot remote, Func<string, bool>? includeTree = null)
    {
        var differing = new List<MerkleBucketRef>();
        foreach (var treeId in local.Trees.Keys.Union(remote.Trees.Keys).Order(StringComparer.Ordinal))
        {
            if (includeTree is not null && !includeTree(treeId))
            {
                continue;
            }
            for (var bucket = 0; bucket < MerkleHashing.BucketCount; bucket++)
            {
                if (!local.Bucket(treeId, bucket).SequenceEqual(remote.Bucket(treeId, bucket)))
                {
                    differing.Add(new MerkleBucketRef(treeId, bucket));
                }
            }
        }
        return differing;
    }

    /// <summary>
    /// Trees a performance secondary compares: neither the DrOnly tree nor the trees of local mounts (nor of mounts
    /// it does not know, erring towards not shipping, as <see cref="KeyClassifier"/> does).
    /// </summary>
    public static Func<string, bool> PerformanceTrees(Func<string, bool?> isLocalMount) =>
        treeId => treeId == MerkleHashing.CoreTreeId || (treeId != MerkleHashing.DrTreeId && isLocalMount(treeId) == false);

    /// <summary>Indexed keys of <paramref name="treeId"/> that fall in <paramref name="buckets"/>, read from storage.</summary>
    public static async Task<IReadOnlyList<MerkleLeaf>> LeavesAsync(IPhysical storage, KeyClassifier classifier, string treeId,
        IReadOnlySet<int> buckets, CancellationToken cancellationToken = default)
    {
        var leaves = new List<MerkleLeaf>();
        foreach (var prefix in PrefixesOf(treeId))
        {
            await foreach (var (key, value) in StorageScan.EntriesAsync(storage, prefix, key => SkipTo(key, treeId), cancellationToken))
            {
                if (MerkleHashing.TreeIdOf(key) != treeId || classifier.Classify(key) == KeyClass.Local)
                {
                    continue;
                }
                var bucket = MerkleHashing.BucketOf(key);
                if (buckets.Contains(bucket))
                {
                    leaves.Add(new MerkleLeaf(key, bucket, MerkleHashing.LeafHash(key, value)));
                }
            }
        }
        return leaves;
    }

    public static MerkleTransferPlan PlanTransfer(IEnumerable<MerkleLeaf> local, IEnumerable<MerkleLeaf> remote)
    {
        var mine = local.ToDictionary(l => l.Key, l => l.LeafHash, StringComparer.Ordinal);
        var fetch = new List<string>();
        var remoteKeys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var leaf in remote)
        {
            remoteKeys.Add(leaf.Key);
            if (!mine.TryGetValue(leaf.Key, out var hash) || !hash.AsSpan().SequenceEqual(leaf.LeafHash))
            {
                fetch.Add(leaf.Key);
            }
        }
        var delete = mine.Keys.Where(k => !remoteKeys.Contains(k)).Order(StringComparer.Ordinal).ToList();
        fetch.Sort(StringComparer.Ordinal);
        return new MerkleTransferPlan(fetch, delete);
    }

    private static IEnumerable<string> PrefixesOf(string treeId) =>
        treeId is MerkleHashing.CoreTreeId or MerkleHashing.DrTreeId
            ? [""]
            : [$"{KeyClassifier.LogicalPrefix}{treeId}/", $"{KeyClassifier.AuthPrefix}{treeId}/"];

    /// <summary>
    /// Prunes the scan of <paramref name="treeId"/>: for a key outside it, the end of the largest folder around the
    /// key whose keys all lie outside it too (Local state, another mount, the DrOnly folders); null when the key's
    /// neighbours may belong to the tree, so it is filtered on its own.
    /// </summary>
    private static string? SkipTo(string key, string treeId)
    {
        if (StorageScan.PastLocalFolders(key) is { } pastLocal)
        {
            return pastLocal;
        }
        return MerkleHashing.TreeIdOf(key) == treeId || SingleTreeFolderOf(key) is not { } folder ? null : StorageScan.EndOf(folder);
    }

    /// <summary>The largest folder holding <paramref name="key"/> in which every key belongs to the same tree as it.</summary>
    private static string? SingleTreeFolderOf(string key)
    {
        foreach (var dr in (ReadOnlySpan<string>)[KeyClassifier.SystemPrefix, KeyClassifier.DrOnlyCorePrefix])
        {
            if (key.StartsWith(dr, StringComparison.Ordinal))
            {
                return dr;
            }
        }
        var mountRoot = key.StartsWith(KeyClassifier.LogicalPrefix, StringComparison.Ordinal) ? KeyClassifier.LogicalPrefix
            : key.StartsWith(KeyClassifier.AuthPrefix, StringComparison.Ordinal) ? KeyClassifier.AuthPrefix
            : null;
        if (mountRoot is null)
        {
            return null;
        }
        var mountEnd = key.IndexOf('/', mountRoot.Length);
        if (mountEnd <= mountRoot.Length)
        {
            return null;
        }
        if (mountRoot == KeyClassifier.LogicalPrefix)
        {
            return key[..(mountEnd + 1)];
        }
        // An auth mount mixes its own tree with DrOnly folders one level down (AppRole's *_local), and each folder
        // at that level belongs to one tree.
        var folderEnd = key.IndexOf('/', mountEnd + 1);
        return folderEnd < 0 ? null : key[..(folderEnd + 1)];
    }
}
