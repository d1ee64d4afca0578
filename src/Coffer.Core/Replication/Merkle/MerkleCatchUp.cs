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
    /// <summary>Keys fetched per call: bounds one answer's size and one local commit.</summary>
    public const int FetchPageSize = 1024;

    /// <param name="onSync">Called when the diff is done and the transfer (<c>merkle-sync</c>) starts.</param>
    public static async Task<MerkleCatchUpResult> RunAsync(IMerklePeer primary, ReplicationLog local, KeyClassifier classifier,
        Func<string, bool>? includeTree = null, Action? onSync = null, CancellationToken cancellationToken = default)
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
        onSync?.Invoke();
        // Pages before the last keep the old position: a crash halfway leaves a position from which the stream
        // again finds no retained WAL, so the next attempt diffs again instead of streaming over a partial sync.
        var keepPosition = local.LastRemoteIndex;
        for (var start = 0; start < fetch.Count; start += FetchPageSize)
        {
            var page = fetch.GetRange(start, Math.Min(FetchPageSize, fetch.Count - start));
            var operations = (await primary.FetchAsync(page, cancellationToken)).Select(kv => new StorageOperation(kv.Key, kv.Value)).ToList();
            if (start + FetchPageSize < fetch.Count)
            {
                await local.ApplySyncAsync(operations, keepPosition, cancellationToken);
            }
            else
            {
                operations.AddRange(delete.Select(StorageOperation.Delete));
                await local.ApplySyncAsync(operations, remote.LastIndex, cancellationToken);
            }
        }
        if (fetch.Count == 0)
        {
            await local.ApplySyncAsync(delete.Select(StorageOperation.Delete).ToList(), remote.LastIndex, cancellationToken);
        }
        return new MerkleCatchUpResult(differing.Count, fetch, delete, remote.LastIndex, remote.HistoryId);
    }
}

/// <param name="ResumeAfterIndex">The primary's WAL index to stream from next.</param>
/// <param name="HistoryId">The primary's WAL history <paramref name="ResumeAfterIndex"/> counts in.</param>
public sealed record MerkleCatchUpResult(int DifferingBuckets, IReadOnlyList<string> FetchedKeys, IReadOnlyList<string> DeletedKeys,
    ulong ResumeAfterIndex, string HistoryId);
