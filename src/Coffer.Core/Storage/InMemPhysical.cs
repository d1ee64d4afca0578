namespace Coffer.Core.Storage;

/// <summary>In-memory backend for <c>-dev</c> and unit tests: nothing survives the process.</summary>
public sealed class InMemPhysical : IPhysical
{
    private readonly SortedDictionary<string, byte[]> _entries = new(StringComparer.Ordinal);
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
            var keys = _entries.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal));
            return Task.FromResult<IReadOnlyList<string>>(ListChildren.FromSortedKeys(keys, prefix));
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
                }
                else
                {
                    _entries[op.Key] = op.Value;
                }
            }
        }
        finally
        {
            _lock.ExitWriteLock();
        }
        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        _lock.Dispose();
        return ValueTask.CompletedTask;
    }
}
