using System.Globalization;
using System.Text;

namespace Coffer.Cli.Flags;

/// <summary>
/// Durations as the vault CLI reads and writes them. Reading follows Vault's ParseDurationSecond: a bare
/// integer is seconds ("300", "-1"), otherwise Go's duration syntax ("1h30m", "1.5h", "250ms") plus a "d"
/// suffix for days. Writing follows Go's Duration.String() ("1h0m0s", "1m30s", "500ms"), which is the text
/// vault puts in request bodies, so the server sees the same values from either CLI.
/// </summary>
internal static class GoDuration
{
    private static readonly (string Unit, long Ticks)[] Units =
    [
        ("ns", 0), // below .NET's tick resolution; accepted and rounded down to zero
        ("us", 10),
        ("µs", 10),
        ("μs", 10),
        ("ms", TimeSpan.TicksPerMillisecond),
        ("s", TimeSpan.TicksPerSecond),
        ("m", TimeSpan.TicksPerMinute),
        ("h", TimeSpan.TicksPerHour),
        ("d", TimeSpan.TicksPerDay),
    ];

    public static bool TryParse(string text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        var trimmed = text.Trim();
        if (trimmed.Length == 0)
        {
            return false;
        }

        if (long.TryParse(trimmed, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var seconds))
        {
            duration = TimeSpan.FromSeconds(seconds);
            return true;
        }

        var negative = trimmed[0] == '-';
        var rest = trimmed[0] is '-' or '+' ? trimmed[1..] : trimmed;
        if (rest == "0")
        {
            return true;
        }

        double ticks = 0;
        var index = 0;
        while (index < rest.Length)
        {
            var numberStart = index;
            while (index < rest.Length && (char.IsAsciiDigit(rest[index]) || rest[index] == '.'))
            {
                index++;
            }

            if (index == numberStart || !double.TryParse(rest[numberStart..index], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount))
            {
                return false;
            }

            var unitStart = index;
            while (index < rest.Length && !char.IsAsciiDigit(rest[index]) && rest[index] != '.')
            {
                index++;
            }

            var unit = rest[unitStart..index];
            var match = Units.FirstOrDefault(u => u.Unit == unit);
            if (match.Unit is null)
            {
                return false;
            }

            ticks += amount * match.Ticks;
        }

        duration = TimeSpan.FromTicks((long)(negative ? -ticks : ticks));
        return true;
    }

    /// <summary>Go's Duration.String(): "0s", "1.5s", "1m30s", "1h0m0s", "-2m0s", "250ms".</summary>
    public static string Format(TimeSpan duration)
    {
        if (duration == TimeSpan.Zero)
        {
            return "0s";
        }

        var sign = duration < TimeSpan.Zero ? "-" : "";
        var ticks = Math.Abs(duration.Ticks);
        if (ticks < TimeSpan.TicksPerSecond)
        {
            return ticks >= TimeSpan.TicksPerMillisecond
                ? sign + Fraction(ticks, TimeSpan.TicksPerMillisecond) + "ms"
                : sign + Fraction(ticks, 10) + "µs";
        }

        var hours = ticks / TimeSpan.TicksPerHour;
        var minutes = ticks % TimeSpan.TicksPerHour / TimeSpan.TicksPerMinute;
        var secondTicks = ticks % TimeSpan.TicksPerMinute;
        var text = new StringBuilder(sign);
        if (hours > 0)
        {
            text.Append(hours.ToString(CultureInfo.InvariantCulture)).Append('h');
        }

        if (hours > 0 || minutes > 0)
        {
            text.Append(minutes.ToString(CultureInfo.InvariantCulture)).Append('m');
        }

        return text.Append(Fraction(secondTicks, TimeSpan.TicksPerSecond)).Append('s').ToString();
    }

    /// <summary>Whole seconds, dropping any fraction, as vault's truncateToSeconds does for renew increments.</summary>
    public static long WholeSeconds(TimeSpan duration) => duration.Ticks / TimeSpan.TicksPerSecond;

    private static string Fraction(long ticks, long ticksPerUnit)
    {
        var whole = ticks / ticksPerUnit;
        var remainder = ticks % ticksPerUnit;
        if (remainder == 0)
        {
            return whole.ToString(CultureInfo.InvariantCulture);
        }

        var digits = ticksPerUnit.ToString(CultureInfo.InvariantCulture).Length - 1;
        var fraction = remainder.ToString(CultureInfo.InvariantCulture).PadLeft(digits, '0').TrimEnd('0');
        return whole.ToString(CultureInfo.InvariantCulture) + "." + fraction;
    }
}
