using System.Globalization;
using System.Text;

namespace Coffer.Core.Hcl;

/// <summary>
/// Reads an HCL1 double-quoted string and decodes its escapes. <c>${...}</c> sequences are copied
/// verbatim, escapes and all, because Coffer does not evaluate interpolation; as in HCL1, quotes and
/// newlines inside them do not end the string.
/// </summary>
internal static class HclQuotedStringReader
{
    /// <summary>Reads from the opening quote through the closing one and returns the decoded value.</summary>
    public static string Read(HclSourceReader reader)
    {
        var start = reader.Position;
        reader.Advance();
        var value = new StringBuilder();
        while (true)
        {
            if (reader.AtEnd || reader.Has('\n'))
            {
                throw new HclException(start, "unterminated string: missing closing '\"' on the same line");
            }
            var c = reader.Peek();
            if (c == '"')
            {
                reader.Advance();
                return value.ToString();
            }
            if (c == '\\')
            {
                AppendEscape(reader, value);
            }
            else if (c == '$' && reader.Has('{', 1))
            {
                AppendInterpolation(reader, value, start);
            }
            else
            {
                value.Append(reader.Advance());
            }
        }
    }

    private static void AppendInterpolation(HclSourceReader reader, StringBuilder value, HclPosition stringStart)
    {
        var open = reader.Position;
        value.Append(reader.Advance()).Append(reader.Advance());
        var depth = 1;
        while (depth > 0)
        {
            if (reader.AtEnd)
            {
                throw new HclException(open, "unterminated interpolation: missing '}' for '${' (string started at "
                    + $"{stringStart.Line}:{stringStart.Column})");
            }
            var c = reader.Advance();
            value.Append(c);
            if (c == '{') depth++;
            else if (c == '}') depth--;
        }
    }

    private static void AppendEscape(HclSourceReader reader, StringBuilder value)
    {
        var escapeStart = reader.Position;
        reader.Advance();
        if (reader.AtEnd || reader.Has('\n'))
        {
            throw new HclException(escapeStart, "unterminated escape sequence at end of line");
        }
        var kind = reader.Advance();
        switch (kind)
        {
            case 'n': value.Append('\n'); break;
            case 't': value.Append('\t'); break;
            case 'r': value.Append('\r'); break;
            case '"': value.Append('"'); break;
            case '\\': value.Append('\\'); break;
            case 'u': AppendUtf16Escape(reader, value, escapeStart); break;
            case 'U': AppendCodePointEscape(reader, value, escapeStart); break;
            default:
                throw new HclException(escapeStart,
                    $"invalid escape sequence '\\{kind}' (valid: \\n \\t \\r \\\" \\\\ \\uXXXX \\UXXXXXXXX)");
        }
    }

    private static void AppendUtf16Escape(HclSourceReader reader, StringBuilder value, HclPosition escapeStart)
    {
        var unit = (char)ReadHex(reader, 4, "\\u", escapeStart);
        if (char.IsLowSurrogate(unit)) throw UnpairedSurrogate(escapeStart);
        if (!char.IsHighSurrogate(unit))
        {
            value.Append(unit);
            return;
        }
        // A high surrogate only makes sense followed by its low half, JSON-style: \uD83D\uDE00.
        var lowStart = reader.Position;
        if (!reader.Has('\\') || !reader.Has('u', 1)) throw UnpairedSurrogate(escapeStart);
        reader.Advance();
        reader.Advance();
        var low = (char)ReadHex(reader, 4, "\\u", lowStart);
        if (!char.IsLowSurrogate(low)) throw UnpairedSurrogate(escapeStart);
        value.Append(unit).Append(low);
    }

    private static void AppendCodePointEscape(HclSourceReader reader, StringBuilder value, HclPosition escapeStart)
    {
        var codePoint = ReadHex(reader, 8, "\\U", escapeStart);
        if (codePoint > 0x10FFFF || codePoint is >= 0xD800 and <= 0xDFFF)
        {
            throw new HclException(escapeStart, $"invalid escape '\\U{codePoint:X8}': not a Unicode scalar value");
        }
        value.Append(char.ConvertFromUtf32((int)codePoint));
    }

    private static long ReadHex(HclSourceReader reader, int digitCount, string prefix, HclPosition escapeStart)
    {
        var digits = new StringBuilder(digitCount);
        while (digits.Length < digitCount && !reader.AtEnd && char.IsAsciiHexDigit(reader.Peek()))
        {
            digits.Append(reader.Advance());
        }
        if (digits.Length < digitCount)
        {
            throw new HclException(escapeStart,
                $"invalid escape '{prefix}{digits}': expected {digitCount} hex digits");
        }
        return long.Parse(digits.ToString(), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
    }

    private static HclException UnpairedSurrogate(HclPosition at) =>
        new(at, "invalid escape: a \\u surrogate must be a high/low pair");
}
