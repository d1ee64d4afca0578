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
        var stored = new HashSet<string>(StringComparer.Ordinal);
        foreach (var tree in differing.GroupBy(b => b.TreeId))
        {
            var buckets = tree.Select(b => b.Bucket).ToHashSet();
            // Both sides scan at once: each is a full read of the tree's differing buckets.
            var remoteLeaves = primary.LeavesAsync(tree.Key, buckets, cancellationToken);
            var localLeaves = await MerkleDiff.LeavesAsync(local, classifier, tree.Key, buckets, cancellationToken);
            var plan = MerkleDiff.PlanTransfer(localLeaves, await remoteLeaves);
            fetch.AddRange(plan.KeysToFetch);
            delete.AddRange(plan.KeysToDelete);
            stored.UnionWith(localLeaves.Select(leaf => leaf.Key));
        }
        onSync?.Invoke();
        // Pages before the last keep the old position: a crash halfway leaves a position from which the stream
        // again finds no retained WAL, so the next attempt diffs again instead of streaming over a partial sync.
        // A key outside the local leaves of the differing buckets is not stored here, so its old value is not read.
        var keepPosition = local.LastRemoteIndex;
        var pages = fetch.Chunk(FetchPageSize).ToList();
        Task<IReadOnlyList<KeyValuePair<string, byte[]?>>>? next = pages.Count > 0 ? primary.FetchAsync(pages[0], cancellationToken) : null;
        try
        {
            for (var i = 0; i < pages.Count; i++)
            {
                var values = await next!;
                // The next page travels while this one commits.
                next = i + 1 < pages.Count ? primary.FetchAsync(pages[i + 1], cancellationToken) : null;
                var operations = values.Select(kv => new StorageOperation(kv.Key, kv.Value)).ToList();
                var last = i + 1 == pages.Count;
                if (last)
                {
                    operations.AddRange(delete.Select(StorageOperation.Delete));
                }
                await local.ApplySyncAsync(operations, last ? remote.LastIndex : keepPosition, stored.Contains, cancellationToken: cancellationToken);
            }
        }
        finally
        {
            if (next is not null)
            {
                await next.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }
        }
        if (pages.Count == 0)
        {
            await local.ApplySyncAsync(delete.Select(StorageOperation.Delete).ToList(), remote.LastIndex, stored.Contains, cancellationToken: cancellationToken);
        }
        return new MerkleCatchUpResult(differing.Count, fetch, delete, remote.LastIndex, remote.HistoryId);
    }
}

/// <param name="ResumeAfterIndex">The primary's WAL index to stream from next.</param>
/// <param name="HistoryId">The primary's WAL history <paramref name="ResumeAfterIndex"/> counts in.</param>
public sealed record MerkleCatchUpResult(int DifferingBuckets, IReadOnlyList<string> FetchedKeys, IReadOnlyList<string> DeletedKeys,
    ulong ResumeAfterIndex, string HistoryId);
