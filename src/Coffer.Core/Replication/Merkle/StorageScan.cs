using Coffer.Core.Storage;

namespace Coffer.Core.Replication.Merkle;

/// <summary>
/// Walks every key under a prefix depth-first through <see cref="IPhysical.ListAsync"/>. Children come sorted
/// and a folder <c>p/</c> sorts exactly where its keys <c>p/…</c> sort among its siblings, so the walk yields
/// keys in ordinal order, which <see cref="ReindexTracker"/> relies on.
/// </summary>
public static class StorageScan
{
    public static async IAsyncEnumerable<string> KeysAsync(IPhysical storage, string prefix, Func<string, bool> skipFolder,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var pending = new Stack<IEnumerator<string>>();
        var prefixes = new Stack<string>();
        pending.Push((await storage.ListAsync(prefix, cancellationToken)).GetEnumerator());
        prefixes.Push(prefix);
        while (pending.Count > 0)
        {
            var children = pending.Peek();
            if (!children.MoveNext())
            {
                pending.Pop().Dispose();
                prefixes.Pop();
                continue;
            }
            var path = prefixes.Peek() + children.Current;
            if (!path.EndsWith('/'))
            {
                yield return path;
                continue;
            }
            if (skipFolder(path))
            {
                continue;
            }
            pending.Push((await storage.ListAsync(path, cancellationToken)).GetEnumerator());
            prefixes.Push(path);
        }
    }
}
