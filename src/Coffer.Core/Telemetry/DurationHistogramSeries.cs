namespace Coffer.Core.Telemetry;

/// <summary>
/// Durations bucketed for a Prometheus histogram, with the extra statistics a go-metrics sample
/// reports. Stored in ticks so the hot-path sum is an integer add.
/// </summary>
/// <remarks>
/// Like <see cref="CounterSeries"/>, every field has its own atomic update and no lock is taken;
/// a concurrent snapshot may be off by in-flight observations but never blocks a writer.
/// </remarks>
internal sealed class DurationHistogramSeries : MetricSeries
{
    /// <summary>
    /// Upper bounds in seconds, spanning sub-millisecond cache hits to requests stuck behind a slow
    /// storage backend; the same spread as the Prometheus client libraries' defaults, one step finer at
    /// the low end where most Vault API calls land.
    /// </summary>
    public static readonly IReadOnlyList<double> UpperBoundsSeconds =
        [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private static readonly long[] UpperBoundsTicks =
        UpperBoundsSeconds.Select(seconds => (long)Math.Round(seconds * TimeSpan.TicksPerSecond)).ToArray();

    private readonly long[] _bucketCounts = new long[UpperBoundsTicks.Length + 1];
    private long _sumTicks;
    private double _sumOfSquaredMilliseconds;
    private long _minTicks = long.MaxValue;
    private long _maxTicks = long.MinValue;

    public void Observe(TimeSpan duration)
    {
        // A negative duration can only come from a clock stepping backwards mid-measurement; count it
        // as instantaneous rather than corrupting the sum.
        long ticks = Math.Max(0, duration.Ticks);
        double milliseconds = ticks / (double)TimeSpan.TicksPerMillisecond;

        Interlocked.Add(ref _sumTicks, ticks);
        InterlockedDouble.Add(ref _sumOfSquaredMilliseconds, milliseconds * milliseconds);
        InterlockedInt64.Min(ref _minTicks, ticks);
        InterlockedInt64.Max(ref _maxTicks, ticks);

        // Last, so a reader that counts this observation also sees the extremes it covers.
        Interlocked.Increment(ref _bucketCounts[BucketIndex(ticks)]);
    }

    public DurationHistogramSnapshot Snapshot()
    {
        var buckets = new long[_bucketCounts.Length];
        long count = 0;
        for (int i = 0; i < buckets.Length; i++)
        {
            buckets[i] = Volatile.Read(ref _bucketCounts[i]);
            count += buckets[i];
        }

        long sumTicks = Volatile.Read(ref _sumTicks);
        var milliseconds = count == 0
            ? default
            : new SampleStatistics(
                count,
                sumTicks / (double)TimeSpan.TicksPerMillisecond,
                Volatile.Read(ref _sumOfSquaredMilliseconds),
                Volatile.Read(ref _minTicks) / (double)TimeSpan.TicksPerMillisecond,
                Volatile.Read(ref _maxTicks) / (double)TimeSpan.TicksPerMillisecond);

        return new DurationHistogramSnapshot(buckets, sumTicks / (double)TimeSpan.TicksPerSecond, milliseconds);
    }

    private static int BucketIndex(long ticks)
    {
        // Linear rather than binary search: typical requests fall in the first few buckets.
        for (int i = 0; i < UpperBoundsTicks.Length; i++)
        {
            if (ticks <= UpperBoundsTicks[i])
            {
                return i;
            }
        }

        return UpperBoundsTicks.Length;
    }
}
