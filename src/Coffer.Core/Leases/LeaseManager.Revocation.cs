using Coffer.Core.Access;

namespace Coffer.Core.Leases;

/// <summary>Revocation: by hand, by prefix, by token, by mount, on expiry (the sweep), and tidy.</summary>
public sealed partial class LeaseManager
{
    /// <summary>
    /// Revokes a lease now: the engine removes the secret, then the lease is deleted. A failing engine is a 400 and
    /// keeps the lease, unless <paramref name="force"/>, which deletes it anyway. False when there is no such lease.
    /// </summary>
    public async Task<bool> RevokeAsync(string leaseId, bool force, CancellationToken cancellationToken = default)
    {
        var loaded = Require();
        using (await loaded.Locks.AcquireAsync(leaseId, cancellationToken))
        {
            if (loaded.Get(leaseId) is not { } entry)
            {
                return false;
            }
            var failure = await RevokeSecretAsync(entry, cancellationToken);
            if (failure is not null && !force)
            {
                throw CofferError.BadRequest($"failed to revoke entry: {failure.Message}");
            }
            await DeleteAsync(loaded, entry, cancellationToken);
            return true;
        }
    }

    /// <summary>
    /// Marks a lease as expiring now, so the sweep revokes it within a second and keeps retrying if the engine fails
    /// (Vault's lazy revocation). Nothing happens for an unknown lease or an irrevocable one (its daily retry stands).
    /// </summary>
    public async Task LazyRevokeAsync(string leaseId, CancellationToken cancellationToken = default)
    {
        var loaded = Require();
        using (await loaded.Locks.AcquireAsync(leaseId, cancellationToken))
        {
            var now = _core.Clock.UtcNow;
            if (loaded.Get(leaseId) is not { Irrevocable: false } entry || entry.HasExpired(now))
            {
                return;
            }
            await PersistAsync(loaded, entry with { ExpireTime = now }, cancellationToken);
        }
    }

    /// <summary>
    /// Revokes the leases of a namespace whose ids start with <paramref name="prefix"/> taken as a path (a trailing
    /// <c>/</c> is implied), or the single lease whose id is exactly <paramref name="prefix"/>. With
    /// <paramref name="sync"/> each is revoked before this returns and the first failure stops it (unless
    /// <paramref name="force"/>); without, they are queued for the sweep.
    /// </summary>
    public async Task<int> RevokePrefixAsync(string namespaceId, string prefix, bool force, bool sync, CancellationToken cancellationToken = default)
    {
        var loaded = Require();
        List<string> ids;
        if (!prefix.EndsWith('/') && loaded.Get(prefix) is { } exact && exact.NamespaceId == namespaceId)
        {
            ids = [exact.LeaseId];
        }
        else
        {
            var folder = prefix.EndsWith('/') ? prefix : prefix + "/";
            ids = loaded.Snapshot()
                .Where(e => e.NamespaceId == namespaceId && e.LeaseId.StartsWith(folder, StringComparison.Ordinal))
                .Select(e => e.LeaseId).Order(StringComparer.Ordinal).ToList();
        }
        await RevokeEachAsync(ids, force, sync, cancellationToken);
        return ids.Count;
    }

    /// <summary>
    /// Revokes every lease a mount issued, before the mount is disabled (or moved). A failing engine stops it with a
    /// 400 and the mount stays, unless <paramref name="force"/>.
    /// </summary>
    public async Task<int> RevokeByMountAsync(string mountUuid, bool force, CancellationToken cancellationToken = default)
    {
        var ids = Require().Snapshot().Where(e => e.MountUuid == mountUuid).Select(e => e.LeaseId).Order(StringComparer.Ordinal).ToList();
        await RevokeEachAsync(ids, force, sync: true, cancellationToken);
        return ids.Count;
    }

    /// <summary>
    /// The token revocation hook: every lease the token holds expires now and is revoked by the sweep, so a failing
    /// engine never keeps the token itself alive (as in Vault, which revokes a token's leases lazily).
    /// </summary>
    public async Task RevokeByTokenAsync(TokenEntry token, CancellationToken cancellationToken = default)
    {
        if (token.IsBatch || token.Accessor.Length == 0)
        {
            return;
        }
        foreach (var leaseId in Require().HeldBy(token.Accessor))
        {
            await LazyRevokeAsync(leaseId, cancellationToken);
        }
    }

    /// <summary>
    /// Force-revokes leases whose holding token no longer exists (left behind by a crash or a manual repair).
    /// Returns how many it removed.
    /// </summary>
    public async Task<int> TidyAsync(CancellationToken cancellationToken = default)
    {
        var live = new Dictionary<string, bool>(StringComparer.Ordinal);
        var revoked = 0;
        foreach (var entry in Require().Snapshot().Where(e => e.TokenAccessor.Length > 0))
        {
            if (!live.TryGetValue(entry.TokenAccessor, out var exists))
            {
                live[entry.TokenAccessor] = exists = await _core.Tokens.LookupByAccessorAsync(entry.TokenAccessor, cancellationToken) is not null;
            }
            if (!exists && await RevokeAsync(entry.LeaseId, force: true, cancellationToken))
            {
                revoked++;
            }
        }
        return revoked;
    }

    /// <summary>One pass of the expiry sweep: revokes every lease whose time has come. Returns how many it revoked.</summary>
    public Task<int> RevokeDueAsync(CancellationToken cancellationToken = default) => SweepAsync(Require(), cancellationToken);

    private async Task RevokeEachAsync(IReadOnlyList<string> ids, bool force, bool sync, CancellationToken cancellationToken)
    {
        for (var i = 0; i < ids.Count; i++)
        {
            if (!sync)
            {
                await LazyRevokeAsync(ids[i], cancellationToken);
                continue;
            }
            try
            {
                await RevokeAsync(ids[i], force, cancellationToken);
            }
            catch (CofferError error)
            {
                throw CofferError.BadRequest($"failed to revoke \"{ids[i]}\" ({i + 1} / {ids.Count}): {error.Message}");
            }
        }
    }

    private async Task<int> SweepAsync(LoadedLeases loaded, CancellationToken cancellationToken)
    {
        var now = _core.Clock.UtcNow;
        var revoked = 0;
        List<Exception>? failures = null;
        foreach (var leaseId in loaded.Queue.TakeDue(now))
        {
            try
            {
                if (await ExpireAsync(loaded, leaseId, now, cancellationToken))
                {
                    revoked++;
                }
            }
            catch (Exception error) when (!cancellationToken.IsCancellationRequested)
            {
                // Storage failed (not the engine): look at the lease again shortly rather than lose track of it.
                loaded.Queue.Add(leaseId, now + FirstRetryDelay);
                (failures ??= []).Add(error);
            }
        }
        if (failures is not null)
        {
            throw new AggregateException("lease expiry failed; it will be retried", failures);
        }
        return revoked;
    }

    /// <summary>Revokes one due lease; a failing engine is recorded against the lease instead. True when revoked.</summary>
    private async Task<bool> ExpireAsync(LoadedLeases loaded, string leaseId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        using (await loaded.Locks.AcquireAsync(leaseId, cancellationToken))
        {
            // Gone, given up on, or renewed since it was queued: a later queue item covers it, if anything must.
            if (loaded.Get(leaseId) is not { NextDue: { } due } entry || due > now)
            {
                return false;
            }
            var failure = await RevokeSecretAsync(entry, cancellationToken);
            if (failure is null)
            {
                await DeleteAsync(loaded, entry, cancellationToken);
                return true;
            }
            var attempts = entry.RevokeFailures + 1;
            var irrevocable = attempts >= MaxRevokeAttempts;
            var message = failure.Message.Length == 0 ? "unknown" : failure.Message;
            var recorded = entry with
            {
                RevokeFailures = attempts,
                LastRevokeError = Truncate(irrevocable ? "out of retries: " + message : message),
                Irrevocable = irrevocable,
                NextRevokeAttempt = now + (irrevocable ? IrrevocableRetryDelay : RetryDelay(attempts)),
            };
            Interlocked.Increment(ref _expirationErrors);
            RaiseRevocationFailed(recorded, failure);
            await PersistAsync(loaded, recorded, cancellationToken);
            return false;
        }
    }

    /// <summary>Asks the issuing engine to remove the secret; the failure, if any, instead of an exception.</summary>
    private async Task<Exception?> RevokeSecretAsync(LeaseEntry entry, CancellationToken cancellationToken)
    {
        if (_core.Backends.Find(entry.MountUuid) is not { } backend)
        {
            return new InvalidOperationException("no mount serves this lease any more");
        }
        try
        {
            await backend.RevokeLeaseAsync(ContextOf(entry, 0), cancellationToken);
            return null;
        }
        catch (Exception error) when (!cancellationToken.IsCancellationRequested)
        {
            return error;
        }
    }

    /// <summary>
    /// 1 s after the first failure, then 4 s, 16 s, 64 s, 256 s: four times longer each time, at most 5 minutes, so the
    /// six attempts ride out a few minutes of outage (a database restart) before the lease is given up on.
    /// </summary>
    private static TimeSpan RetryDelay(int failures)
    {
        var seconds = FirstRetryDelay.TotalSeconds * Math.Pow(4, Math.Min(failures - 1, 15));
        return seconds >= MaxRetryDelay.TotalSeconds ? MaxRetryDelay : TimeSpan.FromSeconds(seconds);
    }

    private static string Truncate(string message) => message.Length <= MaxErrorLength ? message : message[..MaxErrorLength];

    private void RaiseRevocationFailed(LeaseEntry entry, Exception failure)
    {
        try
        {
            RevocationFailed?.Invoke(entry, failure);
        }
        catch (Exception)
        {
            // Metrics must not decide whether a failure is recorded.
        }
    }
}
