using System.Globalization;

namespace Coffer.Core.Hcl;

/// <summary>
/// A number kept as its source text so that neither integers beyond double precision nor
/// float formatting are lost before the caller decides which type it wants.
/// Integer literals follow HCL1: <c>0x1F</c> is hexadecimal and a leading zero (<c>0755</c>) is octal.
/// </summary>
public sealed record HclNumber(string Text, HclPosition Position) : HclValue(Position)
{
    /// <summary>True for integer literals (decimal, hex, octal), false for floats.</summary>
    public bool IsInteger => TrySplitInteger(out _, out _, out _);

    /// <summary>Succeeds only for integer literals that fit in a long; floats such as <c>1e3</c> fail.</summary>
    public bool TryGetInt64(out long value)
    {
        value = 0;
        if (!TrySplitInteger(out var negative, out var digits, out var radix)) return false;
        if (!TryAccumulate(digits, radix, out var magnitude)) return false;
        const ulong minMagnitude = (ulong)long.MaxValue + 1;
        if (negative)
        {
            if (magnitude > minMagnitude) return false;
            value = magnitude == minMagnitude ? long.MinValue : -(long)magnitude;
            return true;
        }
        if (magnitude > long.MaxValue) return false;
        value = (long)magnitude;
        return true;
    }

    /// <summary>The value as a double (large integers lose precision rather than failing).</summary>
    /// <exception cref="FormatException">Text is not a number literal (never for parser output).</exception>
    public double AsDouble()
    {
        if (TrySplitInteger(out var negative, out var digits, out var radix) && radix != 10)
        {
            // Converting once from an exact integer keeps the rounding correct; beyond 64 bits
            // digit-by-digit accumulation is close enough for a value that large.
            double magnitude;
            if (TryAccumulate(digits, radix, out var exact))
            {
                magnitude = exact;
            }
            else
            {
                magnitude = 0;
                foreach (var c in digits) magnitude = magnitude * radix + DigitValue(c);
            }
            return negative ? -magnitude : magnitude;
        }
        if (double.TryParse(Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed)) return parsed;
        throw new FormatException($"'{Text}' is not a number");
    }

    public override string ToString() => Text;

    private bool TrySplitInteger(out bool negative, out string digits, out int radix)
    {
        var body = Text;
        negative = body.StartsWith('-');
        if (negative) body = body[1..];
        radix = 10;
        if (body.Length > 2 && body[0] == '0' && (body[1] == 'x' || body[1] == 'X'))
        {
            radix = 16;
            body = body[2..];
        }
        else if (body.Length > 1 && body[0] == '0')
        {
            radix = 8;
            body = body[1..];
        }
        digits = body;
        if (body.Length == 0) return false;
        foreach (var c in body)
        {
            if (DigitValue(c) >= radix) return false;
        }
        return true;
    }

    private static bool TryAccumulate(string digits, int radix, out ulong magnitude)
    {
        magnitude = 0;
        foreach (var c in digits)
        {
            var digit = (ulong)DigitValue(c);
            if (magnitude > (ulong.MaxValue - digit) / (ulong)radix) return false;
            magnitude = magnitude * (ulong)radix + digit;
        }
        return true;
    }

    private static int DigitValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => int.MaxValue,
    };
}
