namespace Coffer.Core.Access;

/// <summary>
/// Everything the token store holds while unsealed: key material, the in-memory index and the expiry queue, and the
/// background sweep. One instance per unseal, so a sweep left over from before a seal can never touch the next one.
/// </summary>
internal sealed class LoadedTokens(TokenHasher hasher, BatchTokenCodec batchCodec, TokenIndex index, ExpiryQueue queue, TokenRevoker revoker)
    : IDisposable
{
    private readonly CancellationTokenSource _stop = new();

    public TokenHasher Hasher => hasher;
    public BatchTokenCodec BatchCodec => batchCodec;
    public TokenIndex Index => index;
    public ExpiryQueue Queue => queue;
    public TokenRevoker Revoker => revoker;

    /// <summary>Queues what the entries read at load still need: expiry, or finishing an interrupted revocation.</summary>
    public void Schedule(IEnumerable<TokenEntry> entries)
    {
        foreach (var entry in entries)
        {
            if (entry.RevocationPending)
            {
                queue.Add(entry.HashedId, DateTimeOffset.MinValue, ExpiryReason.PendingRevocation);
            }
            else if (entry.NumUses == TokenEntry.UsesExhausted)
            {
                // No request survives a restart, so nobody is still using that last use.
                queue.Add(entry.HashedId, DateTimeOffset.MinValue, ExpiryReason.UsesExhausted);
            }
            else if (entry.ExpireTime is { } expiry)
            {
                queue.Add(entry.HashedId, expiry, ExpiryReason.Expiry);
            }
        }
    }

    /// <summary>
    /// Revokes, with their children, the tokens whose time has come. Stale queue items (the token was renewed or is
    /// already gone) are dropped; failed revocations are queued again after <paramref name="retryDelay"/>.
    /// </summary>
    public async Task<int> RevokeDueAsync(DateTimeOffset now, TimeSpan retryDelay, CancellationToken cancellationToken)
    {
        var revoked = 0;
        List<Exception>? failures = null;
        foreach (var item in queue.TakeDue(now))
        {
            var entry = await index.GetAsync(item.HashedId, cancellationToken);
            var due = entry is not null && (entry.RevocationPending || entry.HasExpired(now) ||
                                            (item.Reason == ExpiryReason.UsesExhausted && entry.NumUses == TokenEntry.UsesExhausted));
            if (!due)
            {
                continue;
            }
            try
            {
                await revoker.RevokeTreeAsync(entry!, cancellationToken);
                revoked++;
            }
            catch (Exception error) when (!cancellationToken.IsCancellationRequested)
            {
                queue.Add(item.HashedId, now + retryDelay, item.Reason);
                (failures ??= []).Add(error);
            }
        }
        if (failures is not null)
        {
            throw new AggregateException("token revocation failed; it will be retried", failures);
        }
        return revoked;
    }

    public void StartSweep(TimeSpan interval, Func<CancellationToken, Task> sweep, Action<Exception> onError) =>
        PeriodicSweep.Start(interval, sweep, onError, _stop.Token);

    public void Dispose()
    {
        // Not disposed: the sweep may still be between ticks and read the token; it holds no timer to release.
        _stop.Cancel();
        index.Clear();
        hasher.Dispose();
        batchCodec.Dispose();
    }
}
