namespace Coffer.Cli.Policies;

/// <summary>
/// Splits policy HCL into tokens, keeping comments (<c>#</c>, <c>//</c>, <c>/* */</c>) as tokens so the
/// formatter can put them back. Covers the HCL that ACL policies use: identifiers, quoted strings, numbers,
/// braces, brackets, '=' and ','.
/// </summary>
internal sealed class PolicyLexer
{
    private readonly string _text;
    private readonly List<PolicyToken> _tokens = [];
    private int _position;
    private int _line = 1;

    private PolicyLexer(string text)
    {
        _text = text;
    }

    /// <exception cref="PolicyFormatException">A character or construct outside the supported HCL.</exception>
    public static IReadOnlyList<PolicyToken> Tokenize(string text)
    {
        var lexer = new PolicyLexer(text);
        lexer.Run();
        return lexer._tokens;
    }

    private void Run()
    {
        while (_position < _text.Length)
        {
            var c = _text[_position];
            switch (c)
            {
                case '\n':
                    _line++;
                    _position++;
                    break;
                case ' ' or '\t' or '\r' or '\uFEFF':
                    _position++;
                    break;
                case '{': Single(PolicyTokenKind.LeftBrace); break;
                case '}': Single(PolicyTokenKind.RightBrace); break;
                case '[': Single(PolicyTokenKind.LeftBracket); break;
                case ']': Single(PolicyTokenKind.RightBracket); break;
                case '=': Single(PolicyTokenKind.Equals); break;
                case ',': Single(PolicyTokenKind.Comma); break;
                case '"': ReadString(); break;
                case '#': ReadLineComment(); break;
                case '/' when Peek(1) == '/': ReadLineComment(); break;
                case '/' when Peek(1) == '*': ReadBlockComment(); break;
                case '<' when Peek(1) == '<':
                    throw Error("heredoc strings are not supported by policy fmt; use a quoted string");
                default:
                    if (char.IsAsciiDigit(c) || (c is '-' or '+' && char.IsAsciiDigit(Peek(1))))
                    {
                        ReadWhile(PolicyTokenKind.Number, ch => char.IsAsciiDigit(ch) || ch is '.' or 'e' or 'E' or '-' or '+');
                    }
                    else if (char.IsLetter(c) || c == '_')
                    {
                        ReadWhile(PolicyTokenKind.Identifier, ch => char.IsLetterOrDigit(ch) || ch is '_' or '-' or '.');
                    }
                    else
                    {
                        throw Error($"unexpected character '{c}'");
                    }

                    break;
            }
        }

        _tokens.Add(new PolicyToken(PolicyTokenKind.End, "", _line, _line));
    }

    private char Peek(int offset) => _position + offset < _text.Length ? _text[_position + offset] : '\0';

    private void Single(PolicyTokenKind kind)
    {
        _tokens.Add(new PolicyToken(kind, _text[_position].ToString(), _line, _line));
        _position++;
    }

    private void ReadWhile(PolicyTokenKind kind, Func<char, bool> accepts)
    {
        var start = _position;
        _position++;
        while (_position < _text.Length && accepts(_text[_position]))
        {
            _position++;
        }

        _tokens.Add(new PolicyToken(kind, _text[start.._position], _line, _line));
    }

    private void ReadString()
    {
        var start = _position;
        _position++;
        while (true)
        {
            if (_position >= _text.Length || _text[_position] == '\n')
            {
                throw Error("unterminated string (a quoted string must end on the line it starts)");
            }

            var c = _text[_position];
            _position += c == '\\' ? 2 : 1;
            if (c == '"')
            {
                break;
            }
        }

        _tokens.Add(new PolicyToken(PolicyTokenKind.String, _text[start.._position], _line, _line));
    }

    private void ReadLineComment()
    {
        var start = _position;
        while (_position < _text.Length && _text[_position] != '\n')
        {
            _position++;
        }

        _tokens.Add(new PolicyToken(PolicyTokenKind.Comment, _text[start.._position].TrimEnd(), _line, _line));
    }

    private void ReadBlockComment()
    {
        var start = _position;
        var startLine = _line;
        var end = _text.IndexOf("*/", _position + 2, StringComparison.Ordinal);
        if (end < 0)
        {
            throw Error("unterminated /* comment");
        }

        _position = end + 2;
        var text = _text[start.._position];
        _line += text.Count(ch => ch == '\n');
        _tokens.Add(new PolicyToken(PolicyTokenKind.Comment, text.Replace("\r\n", "\n", StringComparison.Ordinal), startLine, _line));
    }

    private PolicyFormatException Error(string message) => new($"line {_line}: {message}");
}
