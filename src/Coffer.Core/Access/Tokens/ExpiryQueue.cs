namespace Coffer.Core.Access;

/// <summary>
/// Service tokens ordered by when they must be looked at again. A renewal simply adds a later item; the stale
/// one is recognised when it comes due because the stored entry no longer says it has expired.
/// </summary>
internal sealed class ExpiryQueue
{
    private readonly PriorityQueue<ExpiryItem, DateTimeOffset> _queue = new();
    private readonly Lock _lock = new();

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _queue.Count;
            }
        }
    }

    public void Add(string hashedId, DateTimeOffset due, ExpiryReason reason)
    {
        lock (_lock)
        {
            _queue.Enqueue(new ExpiryItem(hashedId, due, reason), due);
        }
    }

    public List<ExpiryItem> TakeDue(DateTimeOffset now)
    {
        var due = new List<ExpiryItem>();
        lock (_lock)
        {
            while (_queue.TryPeek(out var item, out var when) && when <= now)
            {
                _queue.Dequeue();
                due.Add(item);
            }
        }
        return due;
    }
}

internal enum ExpiryReason
{
    /// <summary>The token's TTL ends.</summary>
    Expiry,

    /// <summary>Its last use was handed out; revoke it if the request that used it never reported back.</summary>
    UsesExhausted,

    /// <summary>A revocation was started and must be finished (found at load).</summary>
    PendingRevocation,
}

internal sealed record ExpiryItem(string HashedId, DateTimeOffset Due, ExpiryReason Reason);
