namespace Coffer.Core.Hcl;

/// <summary>
/// A forward-only cursor over source text that tracks 1-based line and column, shared by the
/// HCL lexer and the JSON reader so both report positions the same way.
/// </summary>
internal sealed class HclSourceReader
{
    private readonly string _text;
    private int _offset;
    private int _line = 1;
    private int _column = 1;

    public HclSourceReader(string text, string fileName)
    {
        _text = text;
        FileName = fileName;
    }

    public string FileName { get; }

    public bool AtEnd => _offset >= _text.Length;

    public HclPosition Position => new(FileName, _line, _column);

    /// <summary>The character <paramref name="ahead"/> places on, or '\0' past the end (check <see cref="AtEnd"/> or <see cref="Has"/> when '\0' matters).</summary>
    public char Peek(int ahead = 0)
    {
        var index = _offset + ahead;
        return index < _text.Length ? _text[index] : '\0';
    }

    /// <summary>True when there is a character <paramref name="ahead"/> places on and it equals <paramref name="expected"/>.</summary>
    public bool Has(char expected, int ahead = 0) => _offset + ahead < _text.Length && _text[_offset + ahead] == expected;

    public char Advance()
    {
        var c = _text[_offset++];
        if (c == '\n')
        {
            _line++;
            _column = 1;
        }
        else
        {
            _column++;
        }
        return c;
    }

    /// <summary>Consumes and returns the characters up to, not including, the next newline or the end.</summary>
    public string ReadRestOfLine()
    {
        var start = _offset;
        while (!AtEnd && _text[_offset] != '\n') Advance();
        return _text[start.._offset];
    }

    /// <summary>Consumes characters while <paramref name="predicate"/> holds and returns them.</summary>
    public string ReadWhile(Func<char, bool> predicate)
    {
        var start = _offset;
        while (!AtEnd && predicate(_text[_offset])) Advance();
        return _text[start.._offset];
    }

    public HclException Error(string reason) => new(Position, reason);

    /// <summary>How the next character reads in an error message.</summary>
    public string DescribeNext() => AtEnd ? "end of file" : DescribeChar(Peek());

    public static string DescribeChar(char c) => c switch
    {
        '\n' => "end of line",
        _ when char.IsControl(c) || char.IsWhiteSpace(c) || char.IsSurrogate(c) => $"U+{(int)c:X4}",
        _ => $"'{c}'",
    };
}
