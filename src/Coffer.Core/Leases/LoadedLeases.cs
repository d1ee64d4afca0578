using System.Collections.Concurrent;
using Coffer.Core.Access;

namespace Coffer.Core.Leases;

/// <summary>
/// Every lease held in memory while unsealed, with the index by holding token, the deadline queue and the background
/// sweep. Storage stays the source of truth; this copy is rebuilt from it at each unseal, so one instance per unseal
/// and a sweep left over from before a seal can never touch the next one.
/// </summary>
internal sealed class LoadedLeases : IDisposable
{
    private readonly ConcurrentDictionary<string, LeaseEntry> _entries = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _byToken = new(StringComparer.Ordinal);
    private readonly Lock _indexLock = new();
    private readonly CancellationTokenSource _stop = new();

    /// <summary>Serialises all work on one lease id: registration, renewal, revocation, recording a failure.</summary>
    public StripedLocks Locks { get; } = new();

    public DeadlineQueue<string> Queue { get; } = new();

    public int Count => _entries.Count;

    public LeaseEntry? Get(string leaseId) => _entries.GetValueOrDefault(leaseId);

    public IReadOnlyList<LeaseEntry> Snapshot() => _entries.Values.ToList();

    /// <summary>Ids of the leases held by the token with this accessor.</summary>
    public IReadOnlyList<string> HeldBy(string accessor)
    {
        lock (_indexLock)
        {
            return _byToken.TryGetValue(accessor, out var ids) ? ids.ToList() : [];
        }
    }

    /// <summary>Keeps (or replaces) an entry and queues it for whenever it is next due.</summary>
    public void Remember(LeaseEntry entry)
    {
        _entries[entry.LeaseId] = entry;
        if (entry.TokenAccessor.Length > 0)
        {
            lock (_indexLock)
            {
                if (!_byToken.TryGetValue(entry.TokenAccessor, out var ids))
                {
                    _byToken[entry.TokenAccessor] = ids = new HashSet<string>(StringComparer.Ordinal);
                }
                ids.Add(entry.LeaseId);
            }
        }
        if (entry.NextDue is { } due)
        {
            Queue.Add(entry.LeaseId, due);
        }
    }

    public void Forget(LeaseEntry entry)
    {
        _entries.TryRemove(entry.LeaseId, out _);
        lock (_indexLock)
        {
            if (_byToken.TryGetValue(entry.TokenAccessor, out var ids) && ids.Remove(entry.LeaseId) && ids.Count == 0)
            {
                _byToken.Remove(entry.TokenAccessor);
            }
        }
    }

    public void StartSweep(TimeSpan interval, Func<CancellationToken, Task> sweep, Action<Exception> onError) =>
        _ = Task.Run(() => SweepLoopAsync(interval, sweep, onError, _stop.Token));

    public void Dispose()
    {
        // Not disposed: the sweep may still be between ticks and read the token; it holds no timer to release.
        _stop.Cancel();
        _entries.Clear();
        lock (_indexLock)
        {
            _byToken.Clear();
        }
    }

    private static async Task SweepLoopAsync(TimeSpan interval, Func<CancellationToken, Task> sweep, Action<Exception> onError, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(interval);
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                try
                {
                    await sweep(stop);
                }
                catch (Exception error) when (!stop.IsCancellationRequested)
                {
                    onError(error);
                }
            }
        }
        catch (Exception) when (stop.IsCancellationRequested)
        {
            // Sealed: whatever the sweep was doing is found again in storage at the next unseal.
        }
    }
}
