using Coffer.Core.Replication.Wal;
using Coffer.Core.Storage;

namespace Coffer.Core.Replication.Merkle;

/// <summary>
/// <c>merkle-diff</c> then <c>merkle-sync</c> for a secondary whose position the primary no longer retains:
/// compare buckets, compare the keys of differing buckets, fetch only what differs, apply it together with the
/// primary's WAL position, after which streaming resumes from that position.
/// </summary>
public static class MerkleCatchUp
{
    public static async Task<MerkleCatchUpResult> RunAsync(IMerklePeer primary, ReplicationLog local, KeyClassifier classifier,
        Func<string, bool>? includeTree = null, CancellationToken cancellationToken = default)
    {
        var remote = await primary.StateAsync(cancellationToken);
        var differing = MerkleDiff.DifferingBuckets(local.MerkleSnapshot(), remote.Snapshot, includeTree);
        var fetch = new List<string>();
        var delete = new List<string>();
        foreach (var tree in differing.GroupBy(b => b.TreeId))
        {
            var buckets = tree.Select(b => b.Bucket).ToHashSet();
            var remoteLeaves = await primary.LeavesAsync(tree.Key, buckets, cancellationToken);
            var localLeaves = await MerkleDiff.LeavesAsync(local, classifier, tree.Key, buckets, cancellationToken);
            var plan = MerkleDiff.PlanTransfer(localLeaves, remoteLeaves);
            fetch.AddRange(plan.KeysToFetch);
            delete.AddRange(plan.KeysToDelete);
        }
        var operations = new List<StorageOperation>();
        foreach (var (key, value) in fetch.Count > 0 ? await primary.FetchAsync(fetch, cancellationToken) : [])
        {
            operations.Add(new StorageOperation(key, value));
        }
        operations.AddRange(delete.Select(StorageOperation.Delete));
        await local.ApplySyncAsync(operations, remote.LastIndex, cancellationToken);
        return new MerkleCatchUpResult(differing.Count, fetch, delete, remote.LastIndex);
    }
}

/// <param name="ResumeAfterIndex">The primary's WAL index to stream from next.</param>
public sealed record MerkleCatchUpResult(int DifferingBuckets, IReadOnlyList<string> FetchedKeys, IReadOnlyList<string> DeletedKeys, ulong ResumeAfterIndex);
