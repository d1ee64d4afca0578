namespace Coffer.Core.Telemetry;

/// <summary>
/// The live values of one metric name with one label set. Subclasses are sealed so the registry's
/// cast from this base on every update is a single type-handle comparison.
/// </summary>
internal abstract class MetricSeries
{
    public static MetricSeries Create(MetricKind kind) => kind switch
    {
        MetricKind.Counter => new CounterSeries(),
        MetricKind.Gauge => new GaugeSeries(),
        MetricKind.DurationHistogram => new DurationHistogramSeries(),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown metric kind."),
    };
}
