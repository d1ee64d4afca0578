using System.Collections.Concurrent;

namespace Coffer.Core.Storage;

/// <summary>
/// Keeps recently read entries (ciphertext, as stored) in memory so hot reads skip the backend. Only the node that
/// writes through this cache may use it, which holds for the active node of a cluster. Every commit invalidates
/// its keys before and after it reaches the backend and moves an epoch on, and a read stores what it fetched only
/// if no commit moved the epoch meanwhile: a value fetched before a commit can never be cached after it. Absent
/// keys are cached too: many requests look up entries that are usually missing (a mount's unwritten config).
/// </summary>
public sealed class CachedPhysical(IPhysical inner, int maxEntries = 100_000) : IPhysical
{
    /// <summary>Large entries are read from the backend each time, so the cache's memory stays bounded (~100k × 64 KiB at most).</summary>
    public const int MaxCachedValueBytes = 64 * 1024;

    // Stands for "no entry at this key"; told apart from a stored empty value by reference.
    private static readonly byte[] Absent = new byte[0];

    private readonly ConcurrentDictionary<string, byte[]> _entries = new(StringComparer.Ordinal);
    private long _epoch;

    // About how many entries the cache holds. ConcurrentDictionary.Count takes every one of its locks, which made
    // each miss cost ~14 µs and serialised concurrent readers (a bootstrap or merkle scan misses on every key); an
    // estimate is all the size bound needs. Races with Clear can skew it by a few, and each Clear resets it.
    private int _approximateCount;

    public string Name => inner.Name;

    public int Count => _entries.Count;

    public async Task<byte[]?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        if (_entries.TryGetValue(key, out var cached))
        {
            return ReferenceEquals(cached, Absent) ? null : cached;
        }
        var epoch = Interlocked.Read(ref _epoch);
        var value = await inner.GetAsync(key, cancellationToken);
        if ((value is null || value.Length <= MaxCachedValueBytes) && Interlocked.Read(ref _epoch) == epoch)
        {
            if (Volatile.Read(ref _approximateCount) >= maxEntries)
            {
                // A full cache starts over: simpler than an LRU, and the hot set refills within moments.
                _entries.Clear();
                Volatile.Write(ref _approximateCount, 0);
            }
            if (_entries.TryAdd(key, value ?? Absent))
            {
                Interlocked.Increment(ref _approximateCount);
            }
            else
            {
                _entries[key] = value ?? Absent;
            }
            if (Interlocked.Read(ref _epoch) != epoch)
            {
                Remove(key);
            }
        }
        return value;
    }

    public Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellationToken = default) =>
        inner.ListAsync(prefix, cancellationToken);

    /// <summary>Read from the backend and not cached: a scan would only push the hot set out.</summary>
    public Task<IReadOnlyList<KeyValuePair<string, byte[]>>> ReadRangeAsync(string fromKey, string toKey, int limit,
        CancellationToken cancellationToken = default) =>
        inner.ReadRangeAsync(fromKey, toKey, limit, cancellationToken);

    public async Task CommitAsync(IReadOnlyList<StorageOperation> batch, CancellationToken cancellationToken = default)
    {
        Invalidate(batch);
        try
        {
            await inner.CommitAsync(batch, cancellationToken);
        }
        finally
        {
            Invalidate(batch);
        }
    }

    private void Invalidate(IReadOnlyList<StorageOperation> batch)
    {
        Interlocked.Increment(ref _epoch);
        foreach (var operation in batch)
        {
            Remove(operation.Key);
        }
    }

    private void Remove(string key)
    {
        if (_entries.TryRemove(key, out _))
        {
            Interlocked.Decrement(ref _approximateCount);
        }
    }

    public ValueTask DisposeAsync()
    {
        _entries.Clear();
        return inner.DisposeAsync();
    }
}
