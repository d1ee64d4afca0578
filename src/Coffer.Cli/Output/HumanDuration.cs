using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Coffer.Cli.Output;

/// <summary>
/// Shows a number of seconds the way the vault CLI does: Go's duration text with the zero tails dropped,
/// so 2764800 reads "768h", 90 reads "1m30s" and 3630 reads "1h30s".
/// </summary>
internal static class HumanDuration
{
    public static string FromSeconds(long seconds)
    {
        if (seconds == 0)
        {
            return "0s";
        }

        var text = GoDurationText(seconds);
        if (text.EndsWith("m0s", StringComparison.Ordinal))
        {
            text = text[..^2];
        }

        var hourZeroMinutes = text.IndexOf("h0m", StringComparison.Ordinal);
        if (hourZeroMinutes > 0)
        {
            text = text[..(hourZeroMinutes + 1)] + text[(hourZeroMinutes + 3)..];
        }

        return text;
    }

    /// <summary>
    /// Fields whose names suggest a TTL are shown as durations in tables; values that are not JSON whole
    /// numbers (for example the string "1h") are left alone, as Vault leaves them.
    /// </summary>
    public static bool LooksLikeDuration(string key) =>
        key is "period" or "ttl" or "duration" or "lease_max" or "ttl_max"
        || key.EndsWith("_period", StringComparison.Ordinal)
        || key.EndsWith("_ttl", StringComparison.Ordinal)
        || key.EndsWith("_duration", StringComparison.Ordinal);

    /// <returns>The duration text when <paramref name="node"/> holds whole seconds, otherwise null.</returns>
    public static string? TryFormat(JsonNode? node)
    {
        if (node is not JsonValue value)
        {
            return null;
        }

        return value.GetValueKind() == JsonValueKind.Number
            && long.TryParse(value.ToJsonString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var seconds)
            ? FromSeconds(seconds)
            : null;
    }

    private static string GoDurationText(long seconds)
    {
        var sign = seconds < 0 ? "-" : "";
        var magnitude = Math.Abs(seconds);
        var hours = magnitude / 3600;
        var minutes = magnitude % 3600 / 60;
        var secs = magnitude % 60;
        if (hours > 0)
        {
            return $"{sign}{hours}h{minutes}m{secs}s";
        }

        return minutes > 0 ? $"{sign}{minutes}m{secs}s" : $"{sign}{secs}s";
    }
}
