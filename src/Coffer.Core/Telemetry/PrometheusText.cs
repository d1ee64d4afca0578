using System.Globalization;
using System.Text;

namespace Coffer.Core.Telemetry;

/// <summary>The lexical rules of the Prometheus text exposition format (version 0.0.4).</summary>
internal static class PrometheusText
{
    /// <summary>
    /// Maps a go-metrics style name such as <c>vault.route.read.secret-</c> to a legal Prometheus
    /// metric name (<c>vault_route_read_secret_</c>): every character outside [a-zA-Z0-9_:] becomes an
    /// underscore, and a leading digit gets an underscore in front.
    /// </summary>
    public static string SanitizeMetricName(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var builder = new StringBuilder(name.Length + 1);
        if (char.IsAsciiDigit(name[0]))
        {
            builder.Append('_');
        }

        foreach (char c in name)
        {
            builder.Append(char.IsAsciiLetterOrDigit(c) || c == '_' || c == ':' ? c : '_');
        }

        return builder.ToString();
    }

    /// <summary>[a-zA-Z_][a-zA-Z0-9_]*, the label name grammar.</summary>
    public static bool IsValidLabelName(string? name)
    {
        if (string.IsNullOrEmpty(name) || char.IsAsciiDigit(name[0]))
        {
            return false;
        }

        foreach (char c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '_')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Escapes the three characters the format requires inside a quoted label value.</summary>
    public static void AppendEscapedLabelValue(StringBuilder builder, string value)
    {
        foreach (char c in value)
        {
            switch (c)
            {
                case '\\':
                    builder.Append(@"\\");
                    break;
                case '"':
                    builder.Append("\\\"");
                    break;
                case '\n':
                    builder.Append(@"\n");
                    break;
                default:
                    builder.Append(c);
                    break;
            }
        }
    }

    /// <summary>
    /// Shortest round-trippable invariant form, with the spellings of the non-finite values that the
    /// Prometheus parser (Go's ParseFloat) accepts.
    /// </summary>
    public static string FormatValue(double value)
    {
        if (double.IsPositiveInfinity(value))
        {
            return "+Inf";
        }

        if (double.IsNegativeInfinity(value))
        {
            return "-Inf";
        }

        if (double.IsNaN(value))
        {
            return "NaN";
        }

        return value.ToString("R", CultureInfo.InvariantCulture);
    }
}
