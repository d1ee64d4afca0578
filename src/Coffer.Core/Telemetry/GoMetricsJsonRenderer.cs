using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Coffer.Core.Telemetry;

/// <summary>
/// Writes metric families in the JSON shape of go-metrics' in-memory sink, which is what Vault's
/// <c>sys/metrics</c> returns without <c>format=prometheus</c>.
/// </summary>
internal static class GoMetricsJsonRenderer
{
    /// <param name="families">Already in output order (by display name).</param>
    /// <param name="now">Reported as the timestamp.</param>
    /// <param name="elapsedSeconds">Denominator for each series' Rate.</param>
    public static string Render(IEnumerable<MetricFamily> families, DateTimeOffset now, double elapsedSeconds)
    {
        var gauges = new List<(MetricFamily Family, LabelSet Labels, GaugeSeries Series)>();
        var counters = new List<(MetricFamily Family, LabelSet Labels, CounterSeries Series)>();
        var samples = new List<(MetricFamily Family, LabelSet Labels, DurationHistogramSeries Series)>();
        foreach (var family in families)
        {
            foreach (var (labels, series) in family.SnapshotSeries())
            {
                switch (series)
                {
                    case GaugeSeries gauge:
                        gauges.Add((family, labels, gauge));
                        break;
                    case CounterSeries counter:
                        counters.Add((family, labels, counter));
                        break;
                    case DurationHistogramSeries histogram:
                        samples.Add((family, labels, histogram));
                        break;
                }
            }
        }

        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();

            // Whole seconds in UTC, the precision go-metrics reports its intervals at.
            writer.WriteString("Timestamp", now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));

            writer.WriteStartArray("Gauges");
            foreach (var (family, labels, gauge) in gauges)
            {
                writer.WriteStartObject();
                writer.WriteString("Name", family.DisplayName);
                WriteNumber(writer, "Value", gauge.Value);
                WriteLabels(writer, labels);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();

            // Point-in-time samples (go-metrics' AddSample with no aggregation); nothing records them.
            writer.WriteStartArray("Points");
            writer.WriteEndArray();

            writer.WriteStartArray("Counters");
            foreach (var (family, labels, counter) in counters)
            {
                WriteAggregate(writer, family.DisplayName, labels, counter.Snapshot(), elapsedSeconds);
            }

            writer.WriteEndArray();

            writer.WriteStartArray("Samples");
            foreach (var (family, labels, histogram) in samples)
            {
                WriteAggregate(writer, family.DisplayName, labels, histogram.Snapshot().Milliseconds, elapsedSeconds);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void WriteAggregate(Utf8JsonWriter writer, string name, LabelSet labels, SampleStatistics statistics, double elapsedSeconds)
    {
        writer.WriteStartObject();
        writer.WriteString("Name", name);
        writer.WriteNumber("Count", statistics.Count);
        WriteNumber(writer, "Rate", statistics.RatePerSecond(elapsedSeconds));
        WriteNumber(writer, "Sum", statistics.Sum);
        WriteNumber(writer, "Min", statistics.Min);
        WriteNumber(writer, "Max", statistics.Max);
        WriteNumber(writer, "Mean", statistics.Mean);
        WriteNumber(writer, "Stddev", statistics.StandardDeviation);
        WriteLabels(writer, labels);
        writer.WriteEndObject();
    }

    private static void WriteLabels(Utf8JsonWriter writer, LabelSet labels)
    {
        writer.WriteStartObject("Labels");
        foreach (var (key, value) in labels.Pairs)
        {
            writer.WriteString(key, value);
        }

        writer.WriteEndObject();
    }

    /// <summary>
    /// JSON has no infinity or NaN and Utf8JsonWriter throws on them; a counter summed past
    /// double.MaxValue is the only way to get one, so saturate instead of failing the whole response.
    /// </summary>
    private static void WriteNumber(Utf8JsonWriter writer, string propertyName, double value)
    {
        double finite = double.IsNaN(value) ? 0 : Math.Clamp(value, double.MinValue, double.MaxValue);
        writer.WriteNumber(propertyName, finite);
    }
}
