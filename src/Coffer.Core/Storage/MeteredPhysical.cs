using System.Diagnostics;
using Coffer.Core.Telemetry;

namespace Coffer.Core.Storage;

/// <summary>Times every storage operation as <c>vault.&lt;backend&gt;.get|list|range|commit</c>, Vault's naming for backend latencies.</summary>
public sealed class MeteredPhysical(IPhysical inner, MetricsRegistry metrics) : IPhysical
{
    private readonly string _get = $"vault.{inner.Name}.get";
    private readonly string _list = $"vault.{inner.Name}.list";
    private readonly string _range = $"vault.{inner.Name}.range";
    private readonly string _commit = $"vault.{inner.Name}.commit";
    private readonly string _operations = $"vault.{inner.Name}.operations";

    public string Name => inner.Name;

    public async Task<byte[]?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            return await inner.GetAsync(key, cancellationToken);
        }
        finally
        {
            metrics.ObserveDuration(_get, Stopwatch.GetElapsedTime(started));
        }
    }

    public async Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellationToken = default)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            return await inner.ListAsync(prefix, cancellationToken);
        }
        finally
        {
            metrics.ObserveDuration(_list, Stopwatch.GetElapsedTime(started));
        }
    }

    public async Task<IReadOnlyList<KeyValuePair<string, byte[]>>> ReadRangeAsync(string fromKey, string toKey, int limit,
        CancellationToken cancellationToken = default)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            return await inner.ReadRangeAsync(fromKey, toKey, limit, cancellationToken);
        }
        finally
        {
            metrics.ObserveDuration(_range, Stopwatch.GetElapsedTime(started));
        }
    }

    public async Task CommitAsync(IReadOnlyList<StorageOperation> batch, CancellationToken cancellationToken = default)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await inner.CommitAsync(batch, cancellationToken);
        }
        finally
        {
            metrics.ObserveDuration(_commit, Stopwatch.GetElapsedTime(started));
            metrics.IncrementCounter(_operations, batch.Count);
        }
    }

    public ValueTask DisposeAsync() => inner.DisposeAsync();
}
