using System.Text;

namespace Coffer.Core.Telemetry;

/// <summary>Writes metric families in the Prometheus text exposition format, version 0.0.4.</summary>
internal static class PrometheusTextRenderer
{
    /// <param name="families">Already in output order (by Prometheus name).</param>
    public static string Render(IEnumerable<MetricFamily> families)
    {
        var builder = new StringBuilder();
        foreach (var family in families)
        {
            var series = family.SnapshotSeries();
            if (series.Count == 0)
            {
                // Registered by a writer that has not created its first series yet.
                continue;
            }

            builder.Append("# TYPE ").Append(family.PrometheusName).Append(' ').Append(TypeName(family.Kind)).Append('\n');
            foreach (var (labels, values) in series)
            {
                switch (values)
                {
                    case CounterSeries counter:
                        AppendSample(builder, family.PrometheusName, labels, null, counter.Total);
                        break;
                    case GaugeSeries gauge:
                        AppendSample(builder, family.PrometheusName, labels, null, gauge.Value);
                        break;
                    case DurationHistogramSeries histogram:
                        AppendHistogram(builder, family.PrometheusName, labels, histogram.Snapshot());
                        break;
                }
            }
        }

        return builder.ToString();
    }

    private static string TypeName(MetricKind kind) => kind switch
    {
        MetricKind.Counter => "counter",
        MetricKind.Gauge => "gauge",
        MetricKind.DurationHistogram => "histogram",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown metric kind."),
    };

    private static void AppendHistogram(StringBuilder builder, string name, LabelSet labels, DurationHistogramSnapshot snapshot)
    {
        string bucketName = name + "_bucket";
        long cumulative = 0;
        for (int i = 0; i < DurationHistogramSeries.UpperBoundsSeconds.Count; i++)
        {
            cumulative += snapshot.BucketCounts[i];
            string bound = PrometheusText.FormatValue(DurationHistogramSeries.UpperBoundsSeconds[i]);
            AppendSample(builder, bucketName, labels, bound, cumulative);
        }

        cumulative += snapshot.BucketCounts[^1];
        AppendSample(builder, bucketName, labels, "+Inf", cumulative);
        AppendSample(builder, name + "_sum", labels, null, snapshot.SumSeconds);
        AppendSample(builder, name + "_count", labels, null, snapshot.Count);
    }

    /// <param name="bucketBound">The <c>le</c> label of a histogram bucket, which always comes last.</param>
    private static void AppendSample(StringBuilder builder, string name, LabelSet labels, string? bucketBound, double value)
    {
        builder.Append(name);
        if (!labels.Pairs.IsEmpty || bucketBound is not null)
        {
            builder.Append('{');
            bool first = true;
            foreach (var (key, labelValue) in labels.Pairs)
            {
                AppendLabel(builder, key, labelValue, ref first);
            }

            if (bucketBound is not null)
            {
                AppendLabel(builder, "le", bucketBound, ref first);
            }

            builder.Append('}');
        }

        builder.Append(' ').Append(PrometheusText.FormatValue(value)).Append('\n');
    }

    private static void AppendLabel(StringBuilder builder, string key, string value, ref bool first)
    {
        if (!first)
        {
            builder.Append(',');
        }

        first = false;
        builder.Append(key).Append("=\"");
        PrometheusText.AppendEscapedLabelValue(builder, value);
        builder.Append('"');
    }
}
