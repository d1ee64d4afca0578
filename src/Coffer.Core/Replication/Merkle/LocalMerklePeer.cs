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

    public async Task<IReadOnlyList<KeyValuePair<string, byte[]?>>> FetchAsync(IReadOnlyList<string> keys, CancellationToken cancellationToken = default)
    {
        var values = new List<KeyValuePair<string, byte[]?>>(keys.Count);
        foreach (var key in keys)
        {
            // The peer never hands out this cluster's own state, whatever a caller asks for.
            values.Add(KeyValuePair.Create(key, classifier.Classify(key) == KeyClass.Local ? null : await log.GetAsync(key, cancellationToken)));
        }
        return values;
    }
}
