using System.Globalization;

namespace Coffer.Bench.Cli;

/// <summary>
/// Go-style durations ("10s", "1m30s", "250ms", "1.5s") because vault-benchmark's configs use them;
/// a bare number is read as seconds for convenience.
/// </summary>
public static class GoDuration
{
    private static readonly (string Unit, double Ticks)[] Units =
    [
        // Longest units first so "ms" is not read as "m" followed by garbage.
        ("ns", TimeSpan.TicksPerMillisecond / 1_000_000.0),
        ("us", TimeSpan.TicksPerMillisecond / 1_000.0),
        ("\u00b5s", TimeSpan.TicksPerMillisecond / 1_000.0),
        ("ms", TimeSpan.TicksPerMillisecond),
        ("s", TimeSpan.TicksPerSecond),
        ("m", TimeSpan.TicksPerMinute),
        ("h", TimeSpan.TicksPerHour),
    ];

    public static TimeSpan Parse(string text)
    {
        var s = text.Trim();
        if (s.Length == 0)
        {
            throw new FormatException("empty duration");
        }

        if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var bareSeconds))
        {
            return FromTicks(bareSeconds * TimeSpan.TicksPerSecond);
        }

        double ticks = 0;
        var pos = 0;
        while (pos < s.Length)
        {
            var numberStart = pos;
            while (pos < s.Length && (char.IsAsciiDigit(s[pos]) || s[pos] == '.'))
            {
                pos++;
            }

            if (pos == numberStart)
            {
                throw new FormatException($"expected a number at \"{s[numberStart..]}\"");
            }

            var number = double.Parse(s.AsSpan(numberStart, pos - numberStart), NumberStyles.Float, CultureInfo.InvariantCulture);
            var unit = Units.FirstOrDefault(u => s.AsSpan(pos).StartsWith(u.Unit, StringComparison.Ordinal));
            if (unit.Unit is null)
            {
                throw new FormatException($"missing or unknown unit at \"{s[pos..]}\" (use ns, us, ms, s, m, h)");
            }

            ticks += number * unit.Ticks;
            pos += unit.Unit.Length;
        }

        return FromTicks(ticks);
    }

    public static string Format(TimeSpan value)
    {
        if (value == TimeSpan.Zero)
        {
            return "0s";
        }

        if (value.Ticks % TimeSpan.TicksPerSecond == 0)
        {
            return ((long)value.TotalSeconds).ToString(CultureInfo.InvariantCulture) + "s";
        }

        return value.TotalMilliseconds.ToString("0.###", CultureInfo.InvariantCulture) + "ms";
    }

    private static TimeSpan FromTicks(double ticks)
    {
        if (double.IsNaN(ticks) || ticks < 0 || ticks > TimeSpan.MaxValue.Ticks)
        {
            throw new OverflowException("duration out of range");
        }

        return TimeSpan.FromTicks((long)Math.Round(ticks));
    }
}
