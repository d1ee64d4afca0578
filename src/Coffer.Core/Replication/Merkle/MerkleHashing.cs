using System.Security.Cryptography;
using System.Text;

namespace Coffer.Core.Replication.Merkle;

/// <summary>
/// The fixed hashing scheme of the merkle index. Two clusters compare these values, so every rule here is part
/// of the replication protocol: change one and old and new nodes no longer agree.
/// </summary>
public static class MerkleHashing
{
    public const int HashSize = 32;

    /// <summary>Buckets per tree, chosen by the first byte of SHA-256(key): one bucket holds ~1/256 of a mount's keys.</summary>
    public const int BucketCount = 256;

    public const int TreeSize = BucketCount * HashSize;

    /// <summary>Tree of replicated entries outside a mount (mount table, policies, auth config).</summary>
    public const string CoreTreeId = "core";

    /// <summary>
    /// Tree of entries that are DrOnly by their path alone (tokens, leases, <c>core/dr/…</c>, AppRole's local secret
    /// ids), so a performance secondary can leave it out of the comparison.
    /// </summary>
    public const string DrTreeId = "dr";

    /// <summary>
    /// <c>logical/&lt;uuid&gt;/…</c> and <c>auth/&lt;uuid&gt;/…</c> belong to the tree of that mount, so a path filter
    /// can compare only the mounts it ships. The tree follows from the path alone, never from the mount table:
    /// a key must stay in one tree for its whole life or the XOR bookkeeping would remove it from the wrong one.
    /// </summary>
    public static string TreeIdOf(string key)
    {
        if (key.StartsWith(KeyClassifier.SystemPrefix, StringComparison.Ordinal) ||
            key.StartsWith(KeyClassifier.DrOnlyCorePrefix, StringComparison.Ordinal))
        {
            return DrTreeId;
        }
        var isAuth = key.StartsWith(KeyClassifier.AuthPrefix, StringComparison.Ordinal);
        var rest = key.StartsWith(KeyClassifier.LogicalPrefix, StringComparison.Ordinal)
            ? key.AsSpan(KeyClassifier.LogicalPrefix.Length)
            : isAuth ? key.AsSpan(KeyClassifier.AuthPrefix.Length) : ReadOnlySpan<char>.Empty;
        var slash = rest.IndexOf('/');
        if (slash <= 0)
        {
            return CoreTreeId;
        }
        // Same paths KeyClassifier keeps DrOnly on a replicated AppRole mount.
        var inMount = rest[(slash + 1)..];
        if (isAuth && (inMount.StartsWith("secret_id_local/") || inMount.StartsWith("accessor_local/")))
        {
            return DrTreeId;
        }
        return rest[..slash].ToString();
    }

    public static int BucketOf(string key)
    {
        var length = Encoding.UTF8.GetByteCount(key);
        Span<byte> keyBytes = length <= 512 ? stackalloc byte[length] : new byte[length];
        Encoding.UTF8.GetBytes(key, keyBytes);
        Span<byte> hash = stackalloc byte[HashSize];
        SHA256.HashData(keyBytes, hash);
        return hash[0];
    }

    // Creating a hash context per leaf cost more than hashing a 1 KiB entry; each thread keeps one instead.
    [ThreadStatic]
    private static IncrementalHash? _leafHash;

    /// <summary>SHA-256(key ‖ 0x00 ‖ value): the separator keeps (key "ab", value "c") apart from ("a", "bc").</summary>
    public static byte[] LeafHash(string key, ReadOnlySpan<byte> value)
    {
        var length = Encoding.UTF8.GetByteCount(key);
        Span<byte> keyBytes = length <= 512 ? stackalloc byte[length] : new byte[length];
        Encoding.UTF8.GetBytes(key, keyBytes);
        var hash = _leafHash ??= IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(keyBytes);
        hash.AppendData([0]);
        hash.AppendData(value);
        return hash.GetHashAndReset();
    }

    public static void XorInto(Span<byte> target, ReadOnlySpan<byte> other)
    {
        for (var i = 0; i < HashSize; i++)
        {
            target[i] ^= other[i];
        }
    }

    /// <summary>SHA-256 over the tree's 256 bucket hashes in bucket order.</summary>
    public static byte[] TreeRoot(ReadOnlySpan<byte> buckets) => SHA256.HashData(buckets);

    /// <summary>
    /// The composite root over every non-empty tree, sorted by tree id: SHA-256 of (id ‖ 0x00 ‖ tree root)…, shown
    /// as 40 lowercase hex characters (the first 20 bytes), the width Vault's <c>merkle_root</c> has.
    /// </summary>
    public static string CompositeRootHex(IEnumerable<KeyValuePair<string, byte[]>> treeRoots)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var (treeId, root) in treeRoots.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            hash.AppendData(Encoding.UTF8.GetBytes(treeId));
            hash.AppendData([0]);
            hash.AppendData(root);
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset().AsSpan(0, 20));
    }

    public static bool IsZero(ReadOnlySpan<byte> bytes) => !bytes.ContainsAnyExcept((byte)0);
}
