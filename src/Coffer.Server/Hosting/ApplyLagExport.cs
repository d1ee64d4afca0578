using System.Globalization;
using Coffer.Core.Replication.Streaming;
using Coffer.Core.Telemetry;

namespace Coffer.Server.Hosting;

/// <summary>
/// Publishes a DR secondary's apply lag (<see cref="DrSecondaryReplicator.Lag"/>: primary commit → applied here, in
/// ms) at scrape time as the series of a Prometheus histogram, built from counters:
/// <c>vault_replication_apply_lag_ms_bucket{le="…"}</c> (cumulative, ending with <c>+Inf</c>),
/// <c>vault_replication_apply_lag_ms_count</c> and <c>vault_replication_apply_lag_ms_sum</c>. A reader scrapes before
/// and after a period and takes quantiles from the bucket deltas.
/// </summary>
/// <remarks>
/// Each replicator (one per activation, update-primary or unseal) starts its histogram at zero, but a counter must
/// never go down: the counts of the replicator that was replaced, as last scraped, are carried into a base that the
/// next one's counts add to. Samples the old replicator took after the last scrape are lost, never double-counted.
/// </remarks>
internal sealed class ApplyLagExport
{
    public const string BucketName = "vault.replication.apply_lag_ms_bucket";
    public const string CountName = "vault.replication.apply_lag_ms_count";
    public const string SumName = "vault.replication.apply_lag_ms_sum";

    private static readonly string[] BoundLabels =
        ApplyLagHistogram.Bounds.Select(b => b.ToString(CultureInfo.InvariantCulture)).Append("+Inf").ToArray();

    private readonly Lock _lock = new();
    private readonly long[] _baseCounts = new long[ApplyLagHistogram.Bounds.Count + 1];
    private double _baseSumMs;
    private ApplyLagHistogram? _current;
    private ApplyLagSnapshot? _lastSeen;

    public void Publish(ApplyLagHistogram? histogram, MetricsRegistry metrics)
    {
        long[] totals;
        double sumMs;
        lock (_lock)
        {
            if (!ReferenceEquals(histogram, _current))
            {
                if (_lastSeen is { } previous)
                {
                    for (var i = 0; i < _baseCounts.Length; i++)
                    {
                        _baseCounts[i] += previous.Counts[i];
                    }
                    _baseSumMs += previous.SumMs;
                }
                _current = histogram;
                _lastSeen = null;
            }
            _lastSeen = histogram?.Snapshot();
            totals = (long[])_baseCounts.Clone();
            sumMs = _baseSumMs;
            if (_lastSeen is { } now)
            {
                for (var i = 0; i < totals.Length; i++)
                {
                    totals[i] += now.Counts[i];
                }
                sumMs += now.SumMs;
            }
        }

        long cumulative = 0;
        for (var i = 0; i < totals.Length; i++)
        {
            cumulative += totals[i];
            metrics.RaiseCounterTo(BucketName, cumulative, ("le", BoundLabels[i]));
        }
        metrics.RaiseCounterTo(CountName, cumulative);
        metrics.RaiseCounterTo(SumName, Math.Max(sumMs, 0));
    }
}
