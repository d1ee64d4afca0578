using Coffer.Core.Replication.Wal;

namespace Coffer.Core.Replication.Merkle;

/// <summary>Serves catch-up from a <see cref="ReplicationLog"/> in the same process; also what the cluster-port handlers call.</summary>
public sealed class LocalMerklePeer(ReplicationLog log, KeyClassifier classifier, string historyId = "") : IMerklePeer
{
    public Task<MerklePeerState> StateAsync(CancellationToken cancellationToken = default)
    {
        var lastIndex = log.LastIndex;
        return Task.FromResult(new MerklePeerState(lastIndex, log.MerkleSnapshot(), historyId));
    }

    public Task<IReadOnlyList<MerkleLeaf>> LeavesAsync(string treeId, IReadOnlySet<int> buckets, CancellationToken cancellationToken = default) =>
        MerkleDiff.LeavesAsync(log, classifier, treeId, buckets, cancellationToken);

    /// <summary>
    /// Catch-up asks for keys in order, and after a long outage they are mostly neighbours (one folder of new
    /// secrets): one range read from the first to the last key, bounded at twice their number, answers those it
    /// covers; point reads answer the rest.
    /// </summary>
    public async Task<IReadOnlyList<KeyValuePair<string, byte[]?>>> FetchAsync(IReadOnlyList<string> keys, CancellationToken cancellationToken = default)
    {
        var read = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        string? coveredThrough = null;
        if (keys.Count > 1 && IsOrdinallySorted(keys))
        {
            var limit = keys.Count * 2;
            var range = await log.ReadRangeAsync(keys[0], keys[^1] + '\0', limit, cancellationToken);
            foreach (var (key, value) in range)
            {
                read[key] = value;
            }
            coveredThrough = range.Count < limit ? keys[^1] : range[^1].Key;
        }
        var values = new List<KeyValuePair<string, byte[]?>>(keys.Count);
        foreach (var key in keys)
        {
            byte[]? value;
            if (classifier.Classify(key) == KeyClass.Local)
            {
                // The peer never hands out this cluster's own state, whatever a caller asks for.
                value = null;
            }
            else if (coveredThrough is not null && string.CompareOrdinal(key, coveredThrough) <= 0)
            {
                value = read.GetValueOrDefault(key);
            }
            else
            {
                value = await log.GetAsync(key, cancellationToken);
            }
            values.Add(KeyValuePair.Create(key, value));
        }
        return values;
    }

    private static bool IsOrdinallySorted(IReadOnlyList<string> keys)
    {
        for (var i = 1; i < keys.Count; i++)
        {
            if (string.CompareOrdinal(keys[i - 1], keys[i]) >= 0)
            {
                return false;
            }
        }
        return true;
    }
}
