using System.Globalization;

namespace Coffer.Cli.Output;

/// <summary>
/// Timestamps in the layout of Go's <c>time.Time.String()</c> ("2024-05-01 10:00:00.5 +0000 UTC"), which is
/// what vault shows for wrapping_token_creation_time in tables.
/// </summary>
internal static class GoTimeText
{
    /// <returns>The Go layout, or the input unchanged when it is not a timestamp.</returns>
    public static string Format(string timestamp)
    {
        if (!DateTimeOffset.TryParse(timestamp, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var time))
        {
            return timestamp;
        }

        var fraction = (time.Ticks % TimeSpan.TicksPerSecond).ToString("0000000", CultureInfo.InvariantCulture).TrimEnd('0');
        var offset = time.Offset;
        var sign = offset < TimeSpan.Zero ? "-" : "+";
        var zone = $"{sign}{Math.Abs(offset.Hours):00}{Math.Abs(offset.Minutes):00}";
        var zoneName = offset == TimeSpan.Zero ? "UTC" : zone;
        var seconds = time.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        return fraction.Length == 0 ? $"{seconds} {zone} {zoneName}" : $"{seconds}.{fraction} {zone} {zoneName}";
    }
}
