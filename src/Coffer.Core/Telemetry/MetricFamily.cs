using System.Collections.Concurrent;

namespace Coffer.Core.Telemetry;

/// <summary>
/// All series sharing one Prometheus metric name: one kind, one TYPE line, any number of label sets.
/// </summary>
internal sealed class MetricFamily
{
    private readonly ConcurrentDictionary<LabelSet, MetricSeries> _labeledSeries = new(LabelSetComparer.Instance);

    // Cached once: obtaining an alternate lookup validates the comparer, which is not free per call.
    private readonly ConcurrentDictionary<LabelSet, MetricSeries>.AlternateLookup<ReadOnlySpan<(string Key, string Value)>> _labeledSeriesBySpan;

    // Most Vault metrics carry no labels, so they skip hashing entirely.
    private MetricSeries? _unlabeledSeries;

    public MetricFamily(string displayName, string prometheusName, MetricKind kind)
    {
        DisplayName = displayName;
        PrometheusName = prometheusName;
        Kind = kind;
        _labeledSeriesBySpan = _labeledSeries.GetAlternateLookup<ReadOnlySpan<(string Key, string Value)>>();
    }

    /// <summary>The name as first recorded (dots and all), used in the go-metrics JSON.</summary>
    public string DisplayName { get; }

    public string PrometheusName { get; }

    public MetricKind Kind { get; }

    /// <summary>
    /// Finds the series for <paramref name="labels"/>, creating it on first use. Lookups of existing
    /// series allocate nothing; see <see cref="LabelSetComparer"/>.
    /// </summary>
    public MetricSeries GetOrCreateSeries(ReadOnlySpan<(string Key, string Value)> labels)
    {
        if (labels.IsEmpty)
        {
            return Volatile.Read(ref _unlabeledSeries) ?? CreateUnlabeledSeries();
        }

        return _labeledSeriesBySpan.TryGetValue(labels, out var series) ? series : CreateLabeledSeries(labels);
    }

    /// <summary>
    /// Makes <paramref name="series"/> the series for <paramref name="labels"/>, replacing any other. Used for
    /// values owned outside the registry, which then renders them live.
    /// </summary>
    public void AttachSeries(ReadOnlySpan<(string Key, string Value)> labels, MetricSeries series)
    {
        if (labels.IsEmpty)
        {
            Volatile.Write(ref _unlabeledSeries, series);
            return;
        }

        var labelSet = LabelSet.Create(labels);
        if (Kind == MetricKind.DurationHistogram && labelSet.ContainsKey("le"))
        {
            throw new ArgumentException("'le' is reserved for histogram bucket bounds.", nameof(labels));
        }

        _labeledSeries[labelSet] = series;
    }

    /// <summary>Every series with its labels, ordered by labels so output is deterministic.</summary>
    public List<(LabelSet Labels, MetricSeries Series)> SnapshotSeries()
    {
        var result = new List<(LabelSet Labels, MetricSeries Series)>(_labeledSeries.Count + 1);
        if (Volatile.Read(ref _unlabeledSeries) is { } unlabeled)
        {
            result.Add((LabelSet.Empty, unlabeled));
        }

        foreach (var (labels, series) in _labeledSeries)
        {
            result.Add((labels, series));
        }

        result.Sort(static (a, b) => a.Labels.CompareTo(b.Labels));
        return result;
    }

    private MetricSeries CreateUnlabeledSeries()
    {
        // If two threads race, both adopt whichever series was published first.
        var fresh = MetricSeries.Create(Kind);
        return Interlocked.CompareExchange(ref _unlabeledSeries, fresh, null) ?? fresh;
    }

    private MetricSeries CreateLabeledSeries(ReadOnlySpan<(string Key, string Value)> labels)
    {
        var labelSet = LabelSet.Create(labels);
        if (Kind == MetricKind.DurationHistogram && labelSet.ContainsKey("le"))
        {
            throw new ArgumentException("'le' is reserved for histogram bucket bounds.", nameof(labels));
        }

        return _labeledSeries.GetOrAdd(labelSet, static (_, kind) => MetricSeries.Create(kind), Kind);
    }
}
