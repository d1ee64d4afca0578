namespace Coffer.Core.Replication.Merkle;

/// <summary>
/// Builds a fresh index from a storage scan while writers keep going. The scan visits keys in ordinal order (range
/// reads return them so), and the writer reports each key it touches, with the value it had, before committing.
/// The first write to a key after the rebuild started sees the value the scan saw or will see, so: a key the scan
/// already passed has that value's leaf XORed back out; a key it has not reached is skipped when reached. At the
/// end, under the writer, every touched key is added with its value as it is then. No lock is held across the
/// scan, and the result equals a scan of a frozen store.
/// </summary>
public sealed class ReindexTracker
{
    private readonly Dictionary<string, byte[]> _trees = new(StringComparer.Ordinal);
    private readonly HashSet<string> _touched = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private string? _scanPosition;

    /// <summary>Writer side: <paramref name="key"/> is about to change from <paramref name="oldValue"/>.</summary>
    public void OnWrite(string key, byte[]? oldValue)
    {
        lock (_lock)
        {
            if (!_touched.Add(key))
            {
                return;
            }
            if (oldValue is not null && _scanPosition is not null && string.CompareOrdinal(key, _scanPosition) <= 0)
            {
                XorLeaf(key, oldValue);
            }
        }
    }

    /// <summary>Scan side: read <paramref name="value"/> (null when deleted meanwhile) for the next key in ordinal order.</summary>
    public void OnScanned(string key, byte[]? value)
    {
        lock (_lock)
        {
            _scanPosition = key;
            if (value is not null && !_touched.Contains(key))
            {
                XorLeaf(key, value);
            }
        }
    }

    /// <summary>Keys written since the rebuild started; <see cref="AddCurrent"/> each once the writer is paused.</summary>
    public IReadOnlyList<string> TouchedKeys()
    {
        lock (_lock)
        {
            return [.. _touched];
        }
    }

    public void AddCurrent(string key, byte[]? value)
    {
        if (value is null)
        {
            return;
        }
        lock (_lock)
        {
            XorLeaf(key, value);
        }
    }

    public MerkleState Result()
    {
        lock (_lock)
        {
            return MerkleState.FromTrees(_trees);
        }
    }

    private void XorLeaf(string key, byte[] value)
    {
        var treeId = MerkleHashing.TreeIdOf(key);
        if (!_trees.TryGetValue(treeId, out var tree))
        {
            tree = new byte[MerkleHashing.TreeSize];
            _trees[treeId] = tree;
        }
        MerkleHashing.XorInto(tree.AsSpan(MerkleHashing.BucketOf(key) * MerkleHashing.HashSize), MerkleHashing.LeafHash(key, value));
    }
}
