namespace Coffer.Core.Storage;

/// <summary>In-memory backend for <c>-dev</c> and unit tests: nothing survives the process.</summary>
public sealed class InMemPhysical : IPhysical
{
    private readonly Dictionary<string, byte[]> _entries = new(StringComparer.Ordinal);

    // The keys again, ordered, so a list or a range read seeks to its start instead of walking every key.
    private readonly SortedSet<string> _keys = new(StringComparer.Ordinal);
    private readonly ReaderWriterLockSlim _lock = new();

    public string Name => "inmem";

    public Task<byte[]?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        _lock.EnterReadLock();
        try
        {
            return Task.FromResult(_entries.TryGetValue(key, out var value) ? value : null);
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    public Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellationToken = default)
    {
        _lock.EnterReadLock();
        try
        {
            return Task.FromResult<IReadOnlyList<string>>(ListChildren.FromSortedKeys(KeysBetween(prefix, prefix + '\uffff', int.MaxValue), prefix));
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    public Task<IReadOnlyList<KeyValuePair<string, byte[]>>> ReadRangeAsync(string fromKey, string toKey, int limit,
        CancellationToken cancellationToken = default)
    {
        _lock.EnterReadLock();
        try
        {
            var entries = KeysBetween(fromKey, toKey, limit).Select(key => KeyValuePair.Create(key, _entries[key])).ToList();
            return Task.FromResult<IReadOnlyList<KeyValuePair<string, byte[]>>>(entries);
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    public Task CommitAsync(IReadOnlyList<StorageOperation> batch, CancellationToken cancellationToken = default)
    {
        _lock.EnterWriteLock();
        try
        {
            foreach (var op in batch)
            {
                if (op.Value is null)
                {
                    _entries.Remove(op.Key);
                    _keys.Remove(op.Key);
                }
                else
                {
                    _entries[op.Key] = op.Value;
                    _keys.Add(op.Key);
                }
            }
        }
        finally
        {
            _lock.ExitWriteLock();
        }
        return Task.CompletedTask;
    }

    /// <summary>The first <paramref name="limit"/> keys in [from, to), materialised: the caller's lock must not outlive the enumeration.</summary>
    private List<string> KeysBetween(string fromKey, string toKey, int limit) =>
        string.CompareOrdinal(fromKey, toKey) >= 0
            ? []
            : _keys.GetViewBetween(fromKey, toKey).Where(key => string.CompareOrdinal(key, toKey) < 0).Take(limit).ToList();

    public ValueTask DisposeAsync()
    {
        _lock.Dispose();
        return ValueTask.CompletedTask;
    }
}
