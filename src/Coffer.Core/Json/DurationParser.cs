using System.Globalization;

namespace Coffer.Core.Json;

/// <summary>Parses Go-style durations (<c>1h30m</c>, <c>90s</c>, <c>500ms</c>) plus Vault's <c>d</c> for days, as whole seconds.</summary>
public static class DurationParser
{
    /// <summary>
    /// The longest duration Go (and so Vault) can express, about 292 years. Longer ones are refused rather than
    /// overflowing the date arithmetic done with them later.
    /// </summary>
    public const long MaxSeconds = long.MaxValue / 1_000_000_000;

    public static bool TryParseSeconds(string text, out long seconds)
    {
        seconds = 0;
        text = text.Trim();
        if (text.Length == 0)
        {
            return false;
        }
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out seconds))
        {
            return seconds <= MaxSeconds;
        }
        if (!TryParseUnits(text, out var total))
        {
            return false;
        }
        seconds = (long)Math.Floor(total);
        return true;
    }

    /// <summary>As <see cref="TryParseSeconds"/> but keeps fractions of a second (<c>500ms</c>), for waits and timeouts.</summary>
    public static bool TryParse(string text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        text = text.Trim();
        if (text.Length == 0)
        {
            return false;
        }
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var whole))
        {
            if (whole > MaxSeconds)
            {
                return false;
            }
            duration = TimeSpan.FromSeconds(whole);
            return true;
        }
        if (!TryParseUnits(text, out var total))
        {
            return false;
        }
        duration = TimeSpan.FromTicks((long)Math.Round(total * TimeSpan.TicksPerSecond));
        return true;
    }

    /// <summary>Sums a sequence of number-and-unit parts (<c>1h30m</c>) into seconds; false on any malformed part or overflow.</summary>
    private static bool TryParseUnits(string text, out double total)
    {
        total = 0;
        var i = 0;
        while (i < text.Length)
        {
            var start = i;
            while (i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] == '.'))
            {
                i++;
            }
            if (start == i || !double.TryParse(text.AsSpan(start, i - start), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount))
            {
                return false;
            }
            var unitStart = i;
            while (i < text.Length && char.IsAsciiLetter(text[i]))
            {
                i++;
            }
            double? scale = text[unitStart..i] switch
            {
                "ns" => 1e-9,
                "us" or "µs" => 1e-6,
                "ms" => 1e-3,
                "s" => 1,
                "m" => 60,
                "h" => 3600,
                "d" => 86400,
                _ => null,
            };
            if (scale is null)
            {
                return false;
            }
            total += amount * scale.Value;
        }
        return total <= MaxSeconds;
    }
}
