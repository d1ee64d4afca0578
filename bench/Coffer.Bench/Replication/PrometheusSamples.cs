using System.Globalization;

namespace Coffer.Bench.Replication;

/// <summary>The samples of a Prometheus text exposition, keyed by the series as written (<c>name{labels}</c>).</summary>
public sealed class PrometheusSamples
{
    private readonly Dictionary<string, double> _values;

    private PrometheusSamples(Dictionary<string, double> values) => _values = values;

    public static PrometheusSamples Parse(string text)
    {
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }
            var space = line.LastIndexOf(' ');
            if (space > 0 && double.TryParse(line[(space + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                values[line[..space]] = value;
            }
        }
        return new PrometheusSamples(values);
    }

    public double? Get(string series) => _values.TryGetValue(series, out var value) ? value : null;

    /// <summary>The buckets of histogram <paramref name="name"/> (<c>name_bucket{le="…"}</c>), by upper bound, cumulative.</summary>
    public SortedDictionary<double, double> Buckets(string name)
    {
        var prefix = name + "_bucket{le=\"";
        var buckets = new SortedDictionary<double, double>();
        foreach (var (series, value) in _values)
        {
            if (!series.StartsWith(prefix, StringComparison.Ordinal))
            {
                continue;
            }
            var bound = series[prefix.Length..].TrimEnd('}').TrimEnd('"');
            buckets[bound == "+Inf" ? double.PositiveInfinity : double.Parse(bound, CultureInfo.InvariantCulture)] = value;
        }
        return buckets;
    }
}
