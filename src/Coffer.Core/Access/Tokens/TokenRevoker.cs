namespace Coffer.Core.Access;

/// <summary>
/// Revocation of service tokens. A token is first marked pending (so it stops working at once, and a restart
/// finishes the job), then its descendants are revoked leaves first, each after the revocation hooks (cubbyhole,
/// leases) have run for it. Tree operations are serialised so two revocations never race over one subtree.
/// </summary>
internal sealed class TokenRevoker(
    TokenIndex index,
    ExpiryQueue queue,
    IClock clock,
    Func<IReadOnlyList<Func<TokenEntry, CancellationToken, Task>>> hooks)
{
    private readonly SemaphoreSlim _treeLock = new(1, 1);

    public async Task RevokeTreeAsync(TokenEntry root, CancellationToken cancellationToken)
    {
        await MarkPendingAsync(root.HashedId, cancellationToken);
        await _treeLock.WaitAsync(cancellationToken);
        try
        {
            foreach (var (hashedId, parent) in await ChildrenFirstAsync(root, cancellationToken))
            {
                await RevokeOneAsync(hashedId, parent, cancellationToken);
            }
        }
        finally
        {
            _treeLock.Release();
        }
    }

    /// <summary>Revokes, each with its descendants, every stored token <paramref name="match"/> picks; returns how many.</summary>
    public async Task<int> RevokeMatchingAsync(Func<TokenEntry, bool> match, CancellationToken cancellationToken)
    {
        var revoked = 0;
        foreach (var entry in index.Snapshot().Where(match))
        {
            await RevokeTreeAsync(entry, cancellationToken);
            revoked++;
        }
        return revoked;
    }

    /// <summary>Revokes only <paramref name="entry"/>; its direct children become orphans.</summary>
    public async Task RevokeOrphaningChildrenAsync(TokenEntry entry, CancellationToken cancellationToken)
    {
        await MarkPendingAsync(entry.HashedId, cancellationToken);
        await _treeLock.WaitAsync(cancellationToken);
        try
        {
            foreach (var child in await index.ChildrenOfAsync(entry.HashedId, cancellationToken))
            {
                using (await index.Locks.AcquireAsync(child, cancellationToken))
                {
                    var childEntry = await index.GetLockedAsync(child, cancellationToken);
                    if (childEntry is not null && childEntry.Parent == entry.HashedId)
                    {
                        await index.OrphanLockedAsync(childEntry, cancellationToken);
                    }
                    else
                    {
                        await index.RemoveChildLinkAsync(entry.HashedId, child, cancellationToken);
                    }
                }
            }
            await RevokeOneAsync(entry.HashedId, entry.Parent, cancellationToken);
        }
        finally
        {
            _treeLock.Release();
        }
    }

    /// <summary>Removes index entries that point at nothing and orphans children whose parent is gone.</summary>
    public async Task<TidyReport> TidyIndexAsync(CancellationToken cancellationToken)
    {
        int orphaned = 0, links = 0, accessors = 0;
        await _treeLock.WaitAsync(cancellationToken);
        try
        {
            foreach (var parent in await index.ListParentsAsync(cancellationToken))
            {
                var parentExists = await index.IsStoredAsync(parent, cancellationToken);
                if (!parentExists)
                {
                    index.Forget(parent);
                }
                foreach (var child in await index.ChildrenOfAsync(parent, cancellationToken))
                {
                    using (await index.Locks.AcquireAsync(child, cancellationToken))
                    {
                        var childEntry = await index.GetLockedAsync(child, cancellationToken);
                        if (childEntry is not null && childEntry.Parent == parent)
                        {
                            if (!parentExists)
                            {
                                await index.OrphanLockedAsync(childEntry, cancellationToken);
                                orphaned++;
                            }
                            continue;
                        }
                        await index.RemoveChildLinkAsync(parent, child, cancellationToken);
                        links++;
                    }
                }
            }
            foreach (var accessor in await index.ListAccessorsAsync(cancellationToken))
            {
                var hashedId = await index.HashedIdOfAccessorAsync(accessor, cancellationToken);
                if (hashedId is null || !await index.IsStoredAsync(hashedId, cancellationToken))
                {
                    if (hashedId is not null)
                    {
                        index.Forget(hashedId);
                    }
                    await index.RemoveAccessorAsync(accessor, cancellationToken);
                    accessors++;
                }
            }
        }
        finally
        {
            _treeLock.Release();
        }
        return new TidyReport(orphaned, links, accessors, 0);
    }

    private async Task MarkPendingAsync(string hashedId, CancellationToken cancellationToken)
    {
        using (await index.Locks.AcquireAsync(hashedId, cancellationToken))
        {
            var entry = await index.GetLockedAsync(hashedId, cancellationToken);
            if (entry is null || entry.RevocationPending)
            {
                return;
            }
            await index.ReplaceLockedAsync(entry with { RevocationPending = true }, cancellationToken);
        }
        // If this revocation is cut short, the expiry sweep picks the token up and finishes it.
        queue.Add(hashedId, clock.UtcNow, ExpiryReason.PendingRevocation);
    }

    /// <summary>The subtree under <paramref name="root"/>, each token with the parent it is indexed under, children before parents.</summary>
    private async Task<List<(string HashedId, string Parent)>> ChildrenFirstAsync(TokenEntry root, CancellationToken cancellationToken)
    {
        var order = new List<(string, string)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<(string HashedId, string Parent)>();
        pending.Push((root.HashedId, root.Parent));
        while (pending.Count > 0)
        {
            var next = pending.Pop();
            if (!seen.Add(next.HashedId))
            {
                continue;
            }
            order.Add(next);
            foreach (var child in await index.ChildrenOfAsync(next.HashedId, cancellationToken))
            {
                pending.Push((child, next.HashedId));
            }
        }
        // Pre-order lists every parent before its children; reversed, every child comes before its parent.
        order.Reverse();
        return order;
    }

    private async Task RevokeOneAsync(string hashedId, string indexedParent, CancellationToken cancellationToken)
    {
        var entry = await index.GetAsync(hashedId, cancellationToken);
        if (entry is null)
        {
            if (indexedParent.Length > 0)
            {
                await index.RemoveChildLinkAsync(indexedParent, hashedId, cancellationToken);
            }
            return;
        }
        foreach (var hook in hooks())
        {
            await hook(entry, cancellationToken);
        }
        using (await index.Locks.AcquireAsync(hashedId, cancellationToken))
        {
            var current = await index.GetLockedAsync(hashedId, cancellationToken);
            if (current is not null)
            {
                await index.RemoveLockedAsync(current, cancellationToken);
            }
        }
        if (indexedParent.Length > 0 && indexedParent != entry.Parent)
        {
            await index.RemoveChildLinkAsync(indexedParent, hashedId, cancellationToken);
        }
    }
}
