namespace Coffer.Core.Replication.Merkle;

/// <summary>
/// Bucket changes of one pending commit, XOR-accumulated: replacing a key's value XORs its old leaf out and the
/// new one in, so the order of the changes inside the commit does not matter.
/// </summary>
public sealed class MerkleDelta
{
    private readonly Dictionary<(string TreeId, int Bucket), byte[]> _changes = new();

    public IReadOnlyDictionary<(string TreeId, int Bucket), byte[]> Changes => _changes;

    public bool IsEmpty => _changes.Count == 0;

    public void Replace(string key, byte[]? oldValue, byte[]? newValue)
    {
        if (oldValue is null && newValue is null)
        {
            return;
        }
        if (oldValue is not null && newValue is not null && oldValue.AsSpan().SequenceEqual(newValue))
        {
            return;
        }
        var slot = (MerkleHashing.TreeIdOf(key), MerkleHashing.BucketOf(key));
        if (!_changes.TryGetValue(slot, out var change))
        {
            change = new byte[MerkleHashing.HashSize];
            _changes[slot] = change;
        }
        if (oldValue is not null)
        {
            MerkleHashing.XorInto(change, MerkleHashing.LeafHash(key, oldValue));
        }
        if (newValue is not null)
        {
            MerkleHashing.XorInto(change, MerkleHashing.LeafHash(key, newValue));
        }
    }
}
