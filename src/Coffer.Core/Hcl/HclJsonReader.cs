using System.Globalization;
using System.Text;

namespace Coffer.Core.Hcl;

/// <summary>
/// Reads the JSON form of a config or policy (RFC 8259, no comments) into the HCL model, keeping
/// line and column for every value. Every JSON object becomes an <see cref="HclObject"/>; the block
/// shape is recovered later by <see cref="HclBody.GetBlocks"/>, as HCL1 does.
/// </summary>
internal sealed class HclJsonReader
{
    private readonly HclSourceReader _reader;
    private int _depth;

    private HclJsonReader(string text, string fileName)
    {
        _reader = new HclSourceReader(text, fileName);
    }

    /// <summary>Reads a document whose top level is a JSON object.</summary>
    public static HclBody ReadDocument(string text, string fileName)
    {
        var json = new HclJsonReader(text, fileName);
        json.SkipWhitespace();
        if (!json._reader.Has('{')) throw json._reader.Error($"expected '{{' to start a JSON document, found {json._reader.DescribeNext()}");
        var root = json.ReadObject();
        json.SkipWhitespace();
        if (!json._reader.AtEnd)
        {
            throw json._reader.Error($"unexpected {json._reader.DescribeNext()} after the end of the JSON document");
        }
        return root.Body;
    }

    private void SkipWhitespace() => _reader.ReadWhile(c => c is ' ' or '\t' or '\n' or '\r' or '\uFEFF');

    private HclValue ReadValue()
    {
        SkipWhitespace();
        var c = _reader.Peek();
        if (_reader.AtEnd) throw _reader.Error("expected a JSON value, found end of file");
        return c switch
        {
            '{' => ReadObject(),
            '[' => ReadArray(),
            '"' => ReadStringValue(),
            '-' or (>= '0' and <= '9') => ReadNumber(),
            _ when char.IsAsciiLetter(c) => ReadLiteral(),
            _ => throw _reader.Error($"expected a JSON value, found {HclSourceReader.DescribeChar(c)}"),
        };
    }

    private HclObject ReadObject()
    {
        var open = _reader.Position;
        _reader.Advance();
        Enter(open);
        var members = new List<object>();
        SkipWhitespace();
        if (_reader.Has('}'))
        {
            _reader.Advance();
        }
        else
        {
            while (true)
            {
                SkipWhitespace();
                if (_reader.AtEnd) throw Unclosed(open, '{', '}');
                if (!_reader.Has('"')) throw _reader.Error($"expected a quoted property name, found {_reader.DescribeNext()}");
                var namePosition = _reader.Position;
                var name = ReadString();
                SkipWhitespace();
                if (!_reader.Has(':'))
                {
                    throw _reader.Error($"expected ':' after property name \"{name}\", found {_reader.DescribeNext()}");
                }
                _reader.Advance();
                members.Add(new HclAttribute(name, ReadValue(), namePosition));
                if (ReadSeparatorOrClose(open, '{', '}')) break;
            }
        }
        _depth--;
        return new HclObject(new HclBody(members, open), open);
    }

    private HclList ReadArray()
    {
        var open = _reader.Position;
        _reader.Advance();
        Enter(open);
        var items = new List<HclValue>();
        SkipWhitespace();
        if (_reader.Has(']'))
        {
            _reader.Advance();
        }
        else
        {
            do
            {
                items.Add(ReadValue());
            }
            while (!ReadSeparatorOrClose(open, '[', ']'));
        }
        _depth--;
        return new HclList(items, open);
    }

    /// <returns>True when the container was closed, false after a comma (another member must follow).</returns>
    private bool ReadSeparatorOrClose(HclPosition open, char opening, char closing)
    {
        SkipWhitespace();
        if (_reader.AtEnd) throw Unclosed(open, opening, closing);
        if (_reader.Has(','))
        {
            _reader.Advance();
            SkipWhitespace();
            // JSON has no trailing commas; saying so beats "expected a value, found '}'".
            if (_reader.Has(closing)) throw _reader.Error($"trailing ',' before '{closing}' is not allowed in JSON");
            return false;
        }
        if (_reader.Has(closing))
        {
            _reader.Advance();
            return true;
        }
        throw _reader.Error($"expected ',' or '{closing}', found {_reader.DescribeNext()}");
    }

    private HclValue ReadLiteral()
    {
        var start = _reader.Position;
        var word = _reader.ReadWhile(char.IsAsciiLetterOrDigit);
        return word switch
        {
            "true" => new HclBool(true, start),
            "false" => new HclBool(false, start),
            "null" => new HclNull(start),
            _ => throw new HclException(start, $"invalid JSON literal '{word}' (strings must be quoted)"),
        };
    }

    private HclNumber ReadNumber()
    {
        var start = _reader.Position;
        var text = new StringBuilder();
        if (_reader.Has('-')) text.Append(_reader.Advance());
        var integerPart = _reader.ReadWhile(char.IsAsciiDigit);
        text.Append(integerPart);
        // JSON forbids leading zeros, so "012" cannot be mistaken for HCL's octal.
        var valid = integerPart.Length > 0 && !(integerPart.Length > 1 && integerPart[0] == '0');
        if (valid && _reader.Has('.'))
        {
            text.Append(_reader.Advance());
            var fraction = _reader.ReadWhile(char.IsAsciiDigit);
            text.Append(fraction);
            valid = fraction.Length > 0;
        }
        if (valid && (_reader.Has('e') || _reader.Has('E')))
        {
            text.Append(_reader.Advance());
            if (_reader.Has('+') || _reader.Has('-')) text.Append(_reader.Advance());
            var exponent = _reader.ReadWhile(char.IsAsciiDigit);
            text.Append(exponent);
            valid = exponent.Length > 0;
        }
        if (!valid || char.IsAsciiLetterOrDigit(_reader.Peek()) || _reader.Has('.'))
        {
            text.Append(_reader.ReadWhile(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '+' or '-'));
            throw new HclException(start, $"invalid JSON number '{text}'");
        }
        return new HclNumber(text.ToString(), start);
    }

    private HclString ReadStringValue()
    {
        var start = _reader.Position;
        return new HclString(ReadString(), start);
    }

    private string ReadString()
    {
        var start = _reader.Position;
        _reader.Advance();
        var value = new StringBuilder();
        while (true)
        {
            if (_reader.AtEnd || _reader.Has('\n'))
            {
                throw new HclException(start, "unterminated string: missing closing '\"' on the same line");
            }
            var c = _reader.Peek();
            if (c == '"')
            {
                _reader.Advance();
                return value.ToString();
            }
            if (c < ' ') throw _reader.Error($"control character {HclSourceReader.DescribeChar(c)} must be escaped in a JSON string");
            if (c == '\\') AppendEscape(value);
            else value.Append(_reader.Advance());
        }
    }

    private void AppendEscape(StringBuilder value)
    {
        var escapeStart = _reader.Position;
        _reader.Advance();
        if (_reader.AtEnd || _reader.Has('\n')) throw new HclException(escapeStart, "unterminated escape sequence at end of line");
        var kind = _reader.Advance();
        switch (kind)
        {
            case '"': value.Append('"'); break;
            case '\\': value.Append('\\'); break;
            case '/': value.Append('/'); break;
            case 'b': value.Append('\b'); break;
            case 'f': value.Append('\f'); break;
            case 'n': value.Append('\n'); break;
            case 'r': value.Append('\r'); break;
            case 't': value.Append('\t'); break;
            case 'u': AppendUnicodeEscape(value, escapeStart); break;
            default:
                throw new HclException(escapeStart, $"invalid JSON escape sequence '\\{kind}'");
        }
    }

    private void AppendUnicodeEscape(StringBuilder value, HclPosition escapeStart)
    {
        var unit = ReadHexUnit(escapeStart);
        if (char.IsLowSurrogate(unit)) throw UnpairedSurrogate(escapeStart);
        if (char.IsHighSurrogate(unit))
        {
            var lowStart = _reader.Position;
            if (!_reader.Has('\\') || !_reader.Has('u', 1)) throw UnpairedSurrogate(escapeStart);
            _reader.Advance();
            _reader.Advance();
            var low = ReadHexUnit(lowStart);
            if (!char.IsLowSurrogate(low)) throw UnpairedSurrogate(escapeStart);
            value.Append(unit);
            unit = low;
        }
        value.Append(unit);
    }

    private char ReadHexUnit(HclPosition escapeStart)
    {
        var digits = new StringBuilder(4);
        while (digits.Length < 4 && !_reader.AtEnd && char.IsAsciiHexDigit(_reader.Peek())) digits.Append(_reader.Advance());
        if (digits.Length < 4) throw new HclException(escapeStart, $"invalid escape '\\u{digits}': expected 4 hex digits");
        return (char)int.Parse(digits.ToString(), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
    }

    private void Enter(HclPosition opening)
    {
        if (++_depth > HclParser.MaxNestingDepth)
        {
            throw new HclException(opening, $"nesting is too deep: more than {HclParser.MaxNestingDepth} levels of objects and arrays");
        }
    }

    private static HclException Unclosed(HclPosition open, char opening, char closing) =>
        new(open, $"'{opening}' is never closed: expected '{closing}' before end of file");

    private static HclException UnpairedSurrogate(HclPosition at) =>
        new(at, "invalid escape: a \\u surrogate must be a high/low pair");
}
