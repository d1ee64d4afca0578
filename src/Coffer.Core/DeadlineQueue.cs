namespace Coffer.Core;

/// <summary>
/// Items ordered by when they must be looked at again (token expiry, lease expiry and revocation retries). A
/// reschedule simply adds another item; the consumer recognises a stale one when it comes due, because the stored
/// state no longer says it is due, so nothing ever has to be found and removed from the heap.
/// </summary>
internal class DeadlineQueue<T>
{
    private readonly PriorityQueue<T, DateTimeOffset> _queue = new();
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

    public void Add(T item, DateTimeOffset due)
    {
        lock (_lock)
        {
            _queue.Enqueue(item, due);
        }
    }

    /// <summary>Removes and returns, earliest first, every item due at or before <paramref name="now"/>.</summary>
    public List<T> TakeDue(DateTimeOffset now)
    {
        var due = new List<T>();
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
