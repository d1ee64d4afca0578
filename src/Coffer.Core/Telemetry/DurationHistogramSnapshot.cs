namespace Coffer.Core.Telemetry;

/// <summary>
/// A copy of a <see cref="DurationHistogramSeries"/> taken for rendering.
/// </summary>
/// <param name="BucketCounts">
/// Per-bucket (not cumulative) counts, one per entry of
/// <see cref="DurationHistogramSeries.UpperBoundsSeconds"/> plus a final +Inf bucket.
/// </param>
/// <param name="SumSeconds">Total of all observed durations, in seconds.</param>
/// <param name="Milliseconds">The go-metrics style statistics, in milliseconds.</param>
internal sealed record DurationHistogramSnapshot(long[] BucketCounts, double SumSeconds, SampleStatistics Milliseconds)
{
    /// <summary>Derived from the buckets so that it always equals the +Inf bucket, as Prometheus requires.</summary>
    public long Count => Milliseconds.Count;
}
