namespace Coffer.Core.Replication.Streaming;

/// <summary>
/// Replication lag of every applied record (primary commit → applied here, in milliseconds, corrected by the
/// measured clock skew) in fixed buckets, cumulative since start: a reader that wants one period's quantiles
/// takes two snapshots and subtracts them.
/// </summary>
public sealed class ApplyLagHistogram
{
    /// <summary>Upper bounds (ms) of the buckets; a last, unbounded bucket follows.</summary>
    public static readonly IReadOnlyList<double> Bounds =
    [
        1, 2, 3, 4, 5, 6, 8, 10, 12, 15, 20, 25, 30, 40, 50, 60, 80, 100, 150, 200, 300, 500, 750, 1000, 2000, 5000, 10000, 30000, 60000,
    ];

    private readonly long[] _counts = new long[Bounds.Count + 1];
    private long _sumMicros;

    public void Observe(double lagMs)
    {
        lagMs = Math.Max(lagMs, 0);
        var bucket = 0;
        while (bucket < Bounds.Count && lagMs > Bounds[bucket])
        {
            bucket++;
        }
        Interlocked.Increment(ref _counts[bucket]);
        Interlocked.Add(ref _sumMicros, (long)(lagMs * 1000));
    }

    public ApplyLagSnapshot Snapshot() =>
        new(_counts.Select((_, i) => Interlocked.Read(ref _counts[i])).ToArray(), Interlocked.Read(ref _sumMicros) / 1000.0);
}

/// <param name="Counts">Per bucket (not cumulative), the last one unbounded.</param>
public sealed record ApplyLagSnapshot(IReadOnlyList<long> Counts, double SumMs)
{
    public long Count => Counts.Sum();

    /// <summary>The upper bound of the bucket holding quantile <paramref name="q"/>; null without samples.</summary>
    public double? Quantile(double q)
    {
        var total = Count;
        if (total == 0)
        {
            return null;
        }
        var rank = (long)Math.Ceiling(q * total);
        long seen = 0;
        for (var i = 0; i < Counts.Count; i++)
        {
            seen += Counts[i];
            if (seen >= rank)
            {
                return i < ApplyLagHistogram.Bounds.Count ? ApplyLagHistogram.Bounds[i] : double.PositiveInfinity;
            }
        }
        return double.PositiveInfinity;
    }

    public ApplyLagSnapshot Minus(ApplyLagSnapshot earlier) =>
        new(Counts.Select((c, i) => c - earlier.Counts[i]).ToArray(), SumMs - earlier.SumMs);
}
