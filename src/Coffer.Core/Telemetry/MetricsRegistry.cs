using System.Collections.Concurrent;

namespace Coffer.Core.Telemetry;

/// <summary>
/// In-process metrics for <c>sys/metrics</c>: counters, gauges and request durations, rendered either
/// as Prometheus text or as go-metrics JSON. Safe to use from any number of threads.
/// </summary>
/// <remarks>
/// Recording is on the request path, so it is built to be cheap at tens of thousands of calls per
/// second:
/// <list type="bullet">
/// <item>The metric name is looked up as-is in a <see cref="ConcurrentDictionary{TKey,TValue}"/>,
/// whose reads take no lock; the name is not sanitised or copied per call.</item>
/// <item>Labels are looked up straight from the caller's array through an alternate comparer (see
/// <see cref="LabelSetComparer"/>), with an order-independent hash, so no composite key is built and
/// nothing is sorted. Unlabelled metrics skip even that.</item>
/// <item>The value is folded in with a few <see cref="Interlocked"/> operations on the series object;
/// writers never wait on each other or on a render.</item>
/// </list>
/// Allocation happens only the first time a name or label combination is seen. Because every distinct
/// label value creates a series that lives as long as the registry, label values must come from a
/// bounded set (mount names, operations), never from request paths or other client input.
/// </remarks>
public sealed class MetricsRegistry
{
    /// <summary>The Content-Type to send with <see cref="RenderPrometheus"/> output.</summary>
    public const string PrometheusContentType = "text/plain; version=0.0.4; charset=utf-8";

    private readonly Func<DateTimeOffset> _clock;
    private readonly DateTimeOffset _createdAt;

    // Keyed by the name exactly as callers pass it, so the hot path never sanitises. Several names can
    // share one family when they sanitise alike ("a.b" and "a_b").
    private readonly ConcurrentDictionary<string, MetricFamily> _familiesByName = new(StringComparer.Ordinal);

    // Only touched when a new name appears or when rendering, both rare, so a plain lock is enough.
    private readonly Dictionary<string, MetricFamily> _familiesByPrometheusName = new(StringComparer.Ordinal);
    private readonly Lock _registrationLock = new();

    /// <param name="clock">Source of the JSON timestamp and of the elapsed time behind each Rate.</param>
    public MetricsRegistry(Func<DateTimeOffset> clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        _clock = clock;
        _createdAt = clock();
    }

    /// <summary>Adds <paramref name="value"/> to a counter. Counters only go up.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is negative, infinite or NaN.</exception>
    /// <exception cref="ArgumentException">The labels are invalid (see <see cref="LabelSet.Create"/>).</exception>
    /// <exception cref="InvalidOperationException">The name is already used by a gauge or duration.</exception>
    public void IncrementCounter(string name, double value = 1, params (string Key, string Value)[] labels)
    {
        if (!double.IsFinite(value) || value < 0)
        {
            // A counter that decreases makes Prometheus' rate() report a reset.
            throw new ArgumentOutOfRangeException(nameof(value), value, "A counter increment must be finite and not negative.");
        }

        var series = (CounterSeries)ResolveFamily(name, MetricKind.Counter).GetOrCreateSeries(labels);
        series.Add(value);
    }

    /// <summary>
    /// Raises a counter to an absolute <paramref name="total"/> kept elsewhere (a snapshot read at scrape time), so
    /// publishing the same snapshot twice does not count it twice. A total at or below the current one is ignored:
    /// counters only go up.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="total"/> is negative, infinite or NaN.</exception>
    /// <exception cref="InvalidOperationException">The name is already used by a gauge or duration.</exception>
    public void RaiseCounterTo(string name, double total, params (string Key, string Value)[] labels)
    {
        if (!double.IsFinite(total) || total < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(total), total, "A counter total must be finite and not negative.");
        }

        var series = (CounterSeries)ResolveFamily(name, MetricKind.Counter).GetOrCreateSeries(labels);
        series.RaiseTo(total);
    }

    /// <summary>
    /// Renders <paramref name="histogram"/>, which its owner keeps recording into, under <paramref name="name"/>.
    /// Idempotent, so it can be called at every scrape; the registry reads the histogram live rather than copying it.
    /// </summary>
    /// <exception cref="InvalidOperationException">The name is already used by a counter or gauge.</exception>
    public void PublishDurations(string name, DurationHistogram histogram, params (string Key, string Value)[] labels)
    {
        ArgumentNullException.ThrowIfNull(histogram);
        var family = ResolveFamily(name, MetricKind.DurationHistogram);
        if (!ReferenceEquals(family.GetOrCreateSeries(labels), histogram.Series))
        {
            family.AttachSeries(labels, histogram.Series);
        }
    }

    /// <summary>Replaces the current value of a gauge.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is infinite or NaN (JSON cannot carry them).</exception>
    public void SetGauge(string name, double value, params (string Key, string Value)[] labels)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "A gauge value must be finite.");
        }

        var series = (GaugeSeries)ResolveFamily(name, MetricKind.Gauge).GetOrCreateSeries(labels);
        series.Set(value);
    }

    /// <summary>
    /// Records how long something took. Rendered as a Prometheus histogram in seconds and as a
    /// go-metrics sample in milliseconds. A label named <c>le</c> is rejected: the buckets use it.
    /// </summary>
    public void ObserveDuration(string name, TimeSpan duration, params (string Key, string Value)[] labels)
    {
        var series = (DurationHistogramSeries)ResolveFamily(name, MetricKind.DurationHistogram).GetOrCreateSeries(labels);
        series.Observe(duration);
    }

    /// <summary>Prometheus text exposition format 0.0.4, sorted by metric name then labels.</summary>
    public string RenderPrometheus()
    {
        var families = SnapshotFamilies();
        families.Sort(static (a, b) => string.CompareOrdinal(a.PrometheusName, b.PrometheusName));
        return PrometheusTextRenderer.Render(families);
    }

    /// <summary>
    /// go-metrics in-memory sink JSON: <c>Timestamp</c>, <c>Gauges</c>, <c>Points</c>, <c>Counters</c>
    /// and <c>Samples</c>, each sorted by name then labels. Durations are in milliseconds.
    /// </summary>
    public string RenderJson()
    {
        var families = SnapshotFamilies();
        families.Sort(static (a, b) => string.CompareOrdinal(a.DisplayName, b.DisplayName));
        var now = _clock();
        return GoMetricsJsonRenderer.Render(families, now, (now - _createdAt).TotalSeconds);
    }

    private MetricFamily ResolveFamily(string name, MetricKind kind)
    {
        if (!_familiesByName.TryGetValue(name, out var family))
        {
            family = RegisterFamily(name, kind);
        }

        if (family.Kind != kind)
        {
            throw new InvalidOperationException(
                $"Metric '{name}' is already recorded as a {family.Kind}; it cannot also be a {kind}.");
        }

        return family;
    }

    private MetricFamily RegisterFamily(string name, MetricKind kind)
    {
        string prometheusName = PrometheusText.SanitizeMetricName(name);
        lock (_registrationLock)
        {
            if (_familiesByName.TryGetValue(name, out var existing))
            {
                return existing;
            }

            // Names that sanitise alike must share a family, or the exposition would repeat a TYPE line.
            if (!_familiesByPrometheusName.TryGetValue(prometheusName, out var family))
            {
                family = new MetricFamily(name, prometheusName, kind);
                _familiesByPrometheusName.Add(prometheusName, family);
            }

            _familiesByName[name] = family;
            return family;
        }
    }

    private List<MetricFamily> SnapshotFamilies()
    {
        lock (_registrationLock)
        {
            return [.. _familiesByPrometheusName.Values];
        }
    }
}
