using Coffer.Core.Storage;

namespace Coffer.Core.Replication.Merkle;

/// <summary>
/// Reads every entry under a prefix in ordinal key order, in pages of <see cref="IPhysical.ReadRangeAsync"/>
/// (which <see cref="ReindexTracker"/> relies on). A caller can have whole subtrees jumped over: pages start small
/// and grow while nothing is skipped, so a jump wastes little of what was read.
/// </summary>
public static class StorageScan
{
    private const int FirstPageSize = 64;
    private const int MaxPageSize = 1024;

    /// <param name="skipTo">
    /// For a key the caller does not want, the first key after the subtree it belongs to (see <see cref="EndOf"/>);
    /// null to receive the key.
    /// </param>
    public static async IAsyncEnumerable<KeyValuePair<string, byte[]>> EntriesAsync(IPhysical storage, string prefix,
        Func<string, string?>? skipTo = null,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var from = prefix;
        var to = EndOf(prefix);
        var pageSize = FirstPageSize;
        while (true)
        {
            var page = await storage.ReadRangeAsync(from, to, pageSize, cancellationToken);
            string? jump = null;
            foreach (var entry in page)
            {
                if (skipTo?.Invoke(entry.Key) is { } next && string.CompareOrdinal(next, entry.Key) > 0)
                {
                    jump = next;
                    break;
                }
                yield return entry;
            }
            if (jump is not null)
            {
                from = jump;
                pageSize = FirstPageSize;
                continue;
            }
            if (page.Count < pageSize)
            {
                yield break;
            }
            from = After(page[^1].Key);
            pageSize = Math.Min(pageSize * 2, MaxPageSize);
        }
    }

    /// <summary>
    /// A <c>skipTo</c> for scans of what replication ships: jumps over the folders that hold only this cluster's own
    /// state (the log's bookkeeping, <c>core/local/</c>). Local keys elsewhere still need the classifier.
    /// </summary>
    public static readonly Func<string, string?> PastLocalFolders = Past(KeyClassifier.ReplicationPrefix, KeyClassifier.ClusterLocalPrefix);

    /// <summary>A <c>skipTo</c> that jumps over everything under <paramref name="folders"/>.</summary>
    public static Func<string, string?> Past(params string[] folders) => key =>
    {
        foreach (var folder in folders)
        {
            if (key.StartsWith(folder, StringComparison.Ordinal))
            {
                return EndOf(folder);
            }
        }
        return null;
    };

    /// <summary>Every key under <paramref name="folder"/> sorts below this (keys hold no U+FFFF).</summary>
    public static string EndOf(string folder) => folder + '\uffff';

    /// <summary>The smallest key that sorts after <paramref name="key"/>.</summary>
    private static string After(string key) => key + '\0';
}
