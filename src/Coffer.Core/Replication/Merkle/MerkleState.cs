using Coffer.Core.Storage;

namespace Coffer.Core.Replication.Merkle;

/// <summary>
/// The incremental merkle index: per tree, 256 buckets each holding the XOR of its leaf hashes. Every bucket is
/// persisted as its own small entry (<c>repl/merkle/b/&lt;tree&gt;/&lt;bucket&gt;</c>, class Local) written in the
/// same storage batch as the change it reflects, so data and index can never disagree after a crash. An all-zero
/// bucket is deleted and an all-zero tree forgotten, so an emptied mount leaves no trace in the root.
/// Thread-safe: the replication log's single writer changes it; anyone may read roots and snapshots.
/// </summary>
public sealed class MerkleState
{
    public const string BucketPrefix = "repl/merkle/b/";

    private readonly Dictionary<string, byte[]> _trees = new(StringComparer.Ordinal);
    private readonly Dictionary<string, byte[]> _rootCache = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private string? _compositeRoot;

    public static string BucketKey(string treeId, int bucket) => $"{BucketPrefix}{treeId}/{bucket:x2}";

    public static async Task<MerkleState> LoadAsync(IPhysical storage, CancellationToken cancellationToken = default)
    {
        var state = new MerkleState();
        foreach (var folder in await storage.ListAsync(BucketPrefix, cancellationToken))
        {
            if (!folder.EndsWith('/'))
            {
                continue;
            }
            var treeId = folder[..^1];
            var tree = new byte[MerkleHashing.TreeSize];
            foreach (var name in await storage.ListAsync(BucketPrefix + folder, cancellationToken))
            {
                if (name.Length != 2 || !int.TryParse(name, System.Globalization.NumberStyles.HexNumber, null, out var bucket))
                {
                    continue;
                }
                var value = await storage.GetAsync(BucketPrefix + folder + name, cancellationToken);
                if (value is { Length: MerkleHashing.HashSize })
                {
                    value.CopyTo(tree.AsSpan(bucket * MerkleHashing.HashSize));
                }
            }
            if (!MerkleHashing.IsZero(tree))
            {
                state._trees[treeId] = tree;
            }
        }
        return state;
    }

    /// <summary>Builds a state from bucket arrays, e.g. a fresh rebuild.</summary>
    public static MerkleState FromTrees(IReadOnlyDictionary<string, byte[]> trees)
    {
        var state = new MerkleState();
        foreach (var (treeId, tree) in trees)
        {
            if (!MerkleHashing.IsZero(tree))
            {
                state._trees[treeId] = (byte[])tree.Clone();
            }
        }
        return state;
    }

    /// <summary>Storage writes that persist the buckets <paramref name="delta"/> touches, as they will be once it applies.</summary>
    public List<StorageOperation> PersistOperations(MerkleDelta delta)
    {
        var operations = new List<StorageOperation>(delta.Changes.Count);
        lock (_lock)
        {
            foreach (var ((treeId, bucket), change) in delta.Changes)
            {
                var updated = new byte[MerkleHashing.HashSize];
                if (_trees.TryGetValue(treeId, out var tree))
                {
                    tree.AsSpan(bucket * MerkleHashing.HashSize, MerkleHashing.HashSize).CopyTo(updated);
                }
                MerkleHashing.XorInto(updated, change);
                operations.Add(MerkleHashing.IsZero(updated)
                    ? StorageOperation.Delete(BucketKey(treeId, bucket))
                    : StorageOperation.Put(BucketKey(treeId, bucket), updated));
            }
        }
        return operations;
    }

    /// <summary>Applies a delta whose <see cref="PersistOperations"/> just committed.</summary>
    public void Apply(MerkleDelta delta)
    {
        lock (_lock)
        {
            foreach (var ((treeId, bucket), change) in delta.Changes)
            {
                if (!_trees.TryGetValue(treeId, out var tree))
                {
                    tree = new byte[MerkleHashing.TreeSize];
                    _trees[treeId] = tree;
                }
                MerkleHashing.XorInto(tree.AsSpan(bucket * MerkleHashing.HashSize), change);
                _rootCache.Remove(treeId);
                if (MerkleHashing.IsZero(tree))
                {
                    _trees.Remove(treeId);
                }
            }
            _compositeRoot = null;
        }
    }

    /// <summary>Storage writes that turn the persisted buckets of this state into those of <paramref name="target"/>.</summary>
    public List<StorageOperation> ReplaceOperations(MerkleState target)
    {
        var operations = new List<StorageOperation>();
        lock (_lock)
        {
            lock (target._lock)
            {
                foreach (var treeId in _trees.Keys.Union(target._trees.Keys).Order(StringComparer.Ordinal))
                {
                    var mine = _trees.GetValueOrDefault(treeId) ?? new byte[MerkleHashing.TreeSize];
                    var theirs = target._trees.GetValueOrDefault(treeId) ?? new byte[MerkleHashing.TreeSize];
                    for (var bucket = 0; bucket < MerkleHashing.BucketCount; bucket++)
                    {
                        var a = mine.AsSpan(bucket * MerkleHashing.HashSize, MerkleHashing.HashSize);
                        var b = theirs.AsSpan(bucket * MerkleHashing.HashSize, MerkleHashing.HashSize);
                        if (a.SequenceEqual(b))
                        {
                            continue;
                        }
                        operations.Add(MerkleHashing.IsZero(b)
                            ? StorageOperation.Delete(BucketKey(treeId, bucket))
                            : StorageOperation.Put(BucketKey(treeId, bucket), b.ToArray()));
                    }
                }
            }
        }
        return operations;
    }

    /// <summary>Takes over <paramref name="source"/>'s buckets after <see cref="ReplaceOperations"/> committed.</summary>
    public void ReplaceWith(MerkleState source)
    {
        var snapshot = source.Snapshot();
        lock (_lock)
        {
            _trees.Clear();
            foreach (var (treeId, tree) in snapshot.Trees)
            {
                _trees[treeId] = (byte[])tree.Clone();
            }
            _rootCache.Clear();
            _compositeRoot = null;
        }
    }

    public string RootHex
    {
        get
        {
            lock (_lock)
            {
                return RootHexLocked();
            }
        }
    }

    public byte[]? TreeRoot(string treeId)
    {
        lock (_lock)
        {
            return _trees.ContainsKey(treeId) ? TreeRootLocked(treeId) : null;
        }
    }

    public MerkleSnapshot Snapshot()
    {
        lock (_lock)
        {
            var trees = _trees.ToDictionary(t => t.Key, t => (byte[])t.Value.Clone(), StringComparer.Ordinal);
            return new MerkleSnapshot(trees, RootHexLocked());
        }
    }

    private string RootHexLocked() =>
        _compositeRoot ??= MerkleHashing.CompositeRootHex(_trees.Keys.Select(id => KeyValuePair.Create(id, TreeRootLocked(id))).ToList());

    private byte[] TreeRootLocked(string treeId)
    {
        if (!_rootCache.TryGetValue(treeId, out var root))
        {
            root = MerkleHashing.TreeRoot(_trees[treeId]);
            _rootCache[treeId] = root;
        }
        return root;
    }
}
