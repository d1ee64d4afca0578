namespace Coffer.Core.Telemetry;

/// <summary>
/// What a metric name was first used as. A name keeps its kind for the life of the registry, because
/// the Prometheus exposition format allows only one TYPE per metric name.
/// </summary>
internal enum MetricKind
{
    Counter,
    Gauge,
    DurationHistogram,
}
