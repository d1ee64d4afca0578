namespace Coffer.Core.Telemetry;

/// <summary>
/// Durations recorded by a component that does not hold the <see cref="MetricsRegistry"/> (the core's replication
/// code), published at scrape time with <see cref="MetricsRegistry.PublishDurations"/>. Same buckets and
/// statistics as <see cref="MetricsRegistry.ObserveDuration"/>; safe to use from any thread.
/// </summary>
public sealed class DurationHistogram
{
    internal DurationHistogramSeries Series { get; } = new();

    public void Observe(TimeSpan duration) => Series.Observe(duration);

    /// <summary>How many durations were observed and their sum.</summary>
    public (long Count, TimeSpan Total) Totals
    {
        get
        {
            var snapshot = Series.Snapshot();
            return (snapshot.Count, TimeSpan.FromSeconds(snapshot.SumSeconds));
        }
    }
}
