namespace Coffer.Core.Hcl;

/// <summary>
/// Turns HCL1 source into tokens on demand, so the first error in document order is the one
/// reported. Newlines are not tokens: HCL1 needs none to separate items, and dropping them lets
/// blocks be written on one line (<c>telemetry { a = 1 b = 2 }</c>).
/// </summary>
internal sealed class HclLexer
{
    private readonly HclSourceReader _reader;

    public HclLexer(HclSourceReader reader)
    {
        _reader = reader;
    }

    public HclToken Next()
    {
        SkipWhitespaceAndComments();
        var position = _reader.Position;
        if (_reader.AtEnd) return new HclToken(HclTokenKind.EndOfFile, "", position);

        var c = _reader.Peek();
        switch (c)
        {
            case '{': return Punctuation(HclTokenKind.LeftBrace, position);
            case '}': return Punctuation(HclTokenKind.RightBrace, position);
            case '[': return Punctuation(HclTokenKind.LeftBracket, position);
            case ']': return Punctuation(HclTokenKind.RightBracket, position);
            case '=': return Punctuation(HclTokenKind.Equals, position);
            case ',': return Punctuation(HclTokenKind.Comma, position);
            case '"':
                return new HclToken(HclTokenKind.String, HclQuotedStringReader.Read(_reader), position);
            case '<' when _reader.Has('<', 1):
                return new HclToken(HclTokenKind.Heredoc, HclHeredocReader.Read(_reader), position);
        }
        if (IsDigit(c) || (c == '-' && IsDigit(_reader.Peek(1)))) return ReadNumber(position);
        if (IsIdentifierStart(c))
        {
            return new HclToken(HclTokenKind.Identifier, _reader.ReadWhile(IsIdentifierPart), position);
        }
        throw _reader.Error($"unexpected character {HclSourceReader.DescribeChar(c)}");
    }

    internal static bool IsIdentifierStart(char c) => c == '_' || char.IsLetter(c);

    // '-' and '.' are allowed after the first character, as in HCL1 (e.g. `max-age`, `foo.bar`).
    internal static bool IsIdentifierPart(char c) => c == '_' || c == '-' || c == '.' || char.IsLetterOrDigit(c);

    private static bool IsDigit(char c) => c is >= '0' and <= '9';

    private static bool IsHexDigit(char c) => char.IsAsciiHexDigit(c);

    private HclToken Punctuation(HclTokenKind kind, HclPosition position)
    {
        var text = _reader.Advance().ToString();
        return new HclToken(kind, text, position);
    }

    private void SkipWhitespaceAndComments()
    {
        while (!_reader.AtEnd)
        {
            var c = _reader.Peek();
            if (c is ' ' or '\t' or '\n' or '\r' or '\f' or '\v' or '\uFEFF')
            {
                _reader.Advance();
            }
            else if (c == '#' || (c == '/' && _reader.Has('/', 1)))
            {
                _reader.ReadRestOfLine();
            }
            else if (c == '/' && _reader.Has('*', 1))
            {
                SkipBlockComment();
            }
            else
            {
                return;
            }
        }
    }

    private void SkipBlockComment()
    {
        var start = _reader.Position;
        _reader.Advance();
        _reader.Advance();
        // HCL1 block comments do not nest: the first "*/" closes.
        while (!_reader.AtEnd)
        {
            if (_reader.Advance() == '*' && _reader.Has('/'))
            {
                _reader.Advance();
                return;
            }
        }
        throw new HclException(start, "unterminated block comment: missing '*/'");
    }

    private HclToken ReadNumber(HclPosition start)
    {
        var text = new System.Text.StringBuilder();
        if (_reader.Has('-')) text.Append(_reader.Advance());

        var valid = true;
        if (_reader.Has('0') && (_reader.Has('x', 1) || _reader.Has('X', 1)))
        {
            text.Append(_reader.Advance()).Append(_reader.Advance());
            valid = AppendDigits(text, IsHexDigit);
        }
        else
        {
            AppendDigits(text, IsDigit);
            var isFloat = false;
            if (_reader.Has('.'))
            {
                isFloat = true;
                text.Append(_reader.Advance());
                valid = AppendDigits(text, IsDigit);
            }
            if (valid && (_reader.Has('e') || _reader.Has('E')))
            {
                isFloat = true;
                text.Append(_reader.Advance());
                if (_reader.Has('+') || _reader.Has('-')) text.Append(_reader.Advance());
                valid = AppendDigits(text, IsDigit);
            }
            if (valid && !isFloat && IsBadOctal(text.ToString()))
            {
                throw new HclException(start,
                    $"invalid number '{text}': a leading 0 makes it octal, which has only the digits 0-7");
            }
        }

        // Anything glued on (`12ab`, `1.2.3`, `0x`) makes the whole word a bad number.
        if (!valid || IsNumberContinuation(_reader.Peek()))
        {
            text.Append(_reader.ReadWhile(c => IsNumberContinuation(c) || c is '+' or '-'));
            throw new HclException(start, $"invalid number '{text}'");
        }
        return new HclToken(HclTokenKind.Number, text.ToString(), start);
    }

    private static bool IsNumberContinuation(char c) => c == '.' || IsIdentifierPart(c);

    private static bool IsBadOctal(string integer)
    {
        var digits = integer.TrimStart('-');
        return digits.Length > 1 && digits[0] == '0' && digits.Any(d => d is '8' or '9');
    }

    /// <returns>False when there was not at least one digit.</returns>
    private bool AppendDigits(System.Text.StringBuilder text, Func<char, bool> isDigit)
    {
        var digits = _reader.ReadWhile(isDigit);
        text.Append(digits);
        return digits.Length > 0;
    }
}
