using System.Globalization;

namespace Coffer.Server.Config;

/// <summary>
/// Reads a capacity the way Vault's config does (<c>logshipper_buffer_size</c>): a number of bytes, optionally
/// followed by a unit. Decimal units (<c>kb</c>, <c>mb</c>, <c>gb</c>, <c>tb</c>) are powers of 1000, binary ones
/// (<c>kib</c>, <c>mib</c>, <c>gib</c>, <c>tib</c>) powers of 1024; units are case-insensitive and may follow a
/// space. Fractions are allowed with a unit (<c>1.5gb</c>); the result is rounded down to whole bytes.
/// </summary>
public static class ByteSizeParser
{
    private static readonly Dictionary<string, long> Units = new(StringComparer.OrdinalIgnoreCase)
    {
        [""] = 1,
        ["b"] = 1,
        ["kb"] = 1000,
        ["kib"] = 1L << 10,
        ["mb"] = 1000L * 1000,
        ["mib"] = 1L << 20,
        ["gb"] = 1000L * 1000 * 1000,
        ["gib"] = 1L << 30,
        ["tb"] = 1000L * 1000 * 1000 * 1000,
        ["tib"] = 1L << 40,
    };

    /// <summary>False for anything malformed, negative, or beyond <see cref="long.MaxValue"/> bytes.</summary>
    public static bool TryParse(string text, out long bytes)
    {
        bytes = 0;
        var trimmed = text.Trim();
        var split = 0;
        while (split < trimmed.Length && (char.IsAsciiDigit(trimmed[split]) || trimmed[split] == '.'))
        {
            split++;
        }
        var number = trimmed[..split];
        var unit = trimmed[split..].TrimStart();
        if (number.Length == 0 || !Units.TryGetValue(unit, out var scale))
        {
            return false;
        }
        if (long.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var whole))
        {
            if (whole > long.MaxValue / scale)
            {
                return false;
            }
            bytes = whole * scale;
            return true;
        }
        if (!double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var fraction))
        {
            return false;
        }
        var total = Math.Floor(fraction * scale);
        // long.MaxValue is not exactly representable as a double; anything at or past 2^63 does not fit.
        if (total >= 9.2233720368547758E18)
        {
            return false;
        }
        bytes = (long)total;
        return true;
    }
}
