namespace Coffer.Bench.Replication;

/// <summary>
/// The apply-lag samples a DR secondary took between two scrapes of
/// <c>vault_replication_apply_lag_ms</c> (cumulative buckets, count, sum): quantiles are bucket upper bounds, so a
/// reported p99 of 50 means "99 % of the records were applied within 50 ms".
/// </summary>
public sealed class LagHistogramDelta
{
    public const string Name = "vault_replication_apply_lag_ms";

    private readonly List<(double Bound, double Cumulative)> _buckets;

    private LagHistogramDelta(List<(double, double)> buckets, double count, double sumMs)
    {
        _buckets = buckets;
        Count = count;
        SumMs = sumMs;
    }

    public double Count { get; }

    public double SumMs { get; }

    public double MeanMs => Count > 0 ? SumMs / Count : 0;

    public static LagHistogramDelta Between(PrometheusSamples before, PrometheusSamples after)
    {
        var earlier = before.Buckets(Name);
        var later = after.Buckets(Name);
        if (later.Count == 0)
        {
            throw new InvalidOperationException($"{Name}_bucket is not in the secondary's metrics (is it a Coffer with the apply-lag export?)");
        }
        var buckets = later.Select(b => (b.Key, b.Value - earlier.GetValueOrDefault(b.Key))).ToList();
        var count = (after.Get(Name + "_count") ?? 0) - (before.Get(Name + "_count") ?? 0);
        var sum = (after.Get(Name + "_sum") ?? 0) - (before.Get(Name + "_sum") ?? 0);
        return new LagHistogramDelta(buckets, count, sum);
    }

    /// <summary>The upper bound (ms) of the bucket holding quantile <paramref name="q"/>; null without samples.</summary>
    public double? Quantile(double q)
    {
        var total = _buckets.Count > 0 ? _buckets[^1].Cumulative : 0;
        if (total <= 0)
        {
            return null;
        }
        var rank = Math.Ceiling(q * total);
        foreach (var (bound, cumulative) in _buckets)
        {
            if (cumulative >= rank)
            {
                return bound;
            }
        }
        return double.PositiveInfinity;
    }
}
