namespace Coffer.Core.Hcl;

/// <summary>
/// Recursive-descent parser for HCL1 native syntax. One body grammar serves the file, block bodies
/// and <c>{ }</c> object values, as in HCL1, so blocks may also appear inside object values.
/// Nesting is capped so hostile input cannot exhaust the stack.
/// </summary>
internal sealed class HclSyntaxParser
{
    private readonly HclLexer _lexer;
    private HclToken _current;
    private int _depth;

    private HclSyntaxParser(string text, string fileName)
    {
        _lexer = new HclLexer(new HclSourceReader(text, fileName));
        _current = _lexer.Next();
    }

    public static HclBody ParseDocument(string text, string fileName)
    {
        var parser = new HclSyntaxParser(text, fileName);
        var items = parser.ParseBodyItems(opening: null);
        return new HclBody(items, new HclPosition(fileName, 1, 1));
    }

    private HclToken Take()
    {
        var taken = _current;
        _current = _lexer.Next();
        return taken;
    }

    private bool At(HclTokenKind kind) => _current.Kind == kind;

    /// <param name="opening">The '{' that must be closed, or null for the top level, which ends at end of file.</param>
    private List<object> ParseBodyItems(HclToken? opening)
    {
        var items = new List<object>();
        while (true)
        {
            // Commas between items are optional and harmless, which keeps one-line bodies lenient.
            while (At(HclTokenKind.Comma)) Take();

            if (At(HclTokenKind.EndOfFile))
            {
                if (opening is { } open)
                {
                    throw new HclException(open.Position, "'{' is never closed: expected '}' before end of file");
                }
                return items;
            }
            if (At(HclTokenKind.RightBrace))
            {
                if (opening is null) throw new HclException(_current.Position, "unexpected '}' without a matching '{'");
                Take();
                return items;
            }
            items.Add(ParseBodyItem());
        }
    }

    private object ParseBodyItem()
    {
        if (!At(HclTokenKind.Identifier) && !At(HclTokenKind.String))
        {
            throw Unexpected("an attribute name or block type");
        }
        var key = Take();

        if (At(HclTokenKind.Equals))
        {
            if (key.Text.Length == 0) throw new HclException(key.Position, "attribute name must not be empty");
            Take();
            return new HclAttribute(key.Text, ParseValue(), key.Position);
        }

        var labels = new List<string>();
        while (At(HclTokenKind.Identifier) || At(HclTokenKind.String))
        {
            if (_current.Text.Length == 0) throw new HclException(_current.Position, "block label must not be empty");
            labels.Add(Take().Text);
        }

        if (!At(HclTokenKind.LeftBrace))
        {
            if (labels.Count == 0) throw Unexpected($"'=' or '{{' after '{key.Text}'");
            var written = key.Text + string.Concat(labels.Select(l => $" \"{l}\""));
            throw Unexpected($"'{{' to open block {written}");
        }
        if (key.Text.Length == 0) throw new HclException(key.Position, "block type must not be empty");

        var body = ParseBraced();
        return new HclBlock(key.Text, labels, body, key.Position);
    }

    /// <summary>Parses <c>{ items }</c> starting at the current '{'.</summary>
    private HclBody ParseBraced()
    {
        var open = Take();
        Enter(open);
        var items = ParseBodyItems(open);
        _depth--;
        return new HclBody(items, open.Position);
    }

    private HclValue ParseValue()
    {
        var token = _current;
        switch (token.Kind)
        {
            case HclTokenKind.String:
            case HclTokenKind.Heredoc:
                Take();
                return new HclString(token.Text, token.Position);
            case HclTokenKind.Number:
                Take();
                return new HclNumber(token.Text, token.Position);
            case HclTokenKind.Identifier:
                return ParseKeyword();
            case HclTokenKind.LeftBracket:
                return ParseList();
            case HclTokenKind.LeftBrace:
                var body = ParseBraced();
                return new HclObject(body, token.Position);
            default:
                throw Unexpected("a value");
        }
    }

    private HclValue ParseKeyword()
    {
        var token = _current;
        HclValue value = token.Text switch
        {
            "true" => new HclBool(true, token.Position),
            "false" => new HclBool(false, token.Position),
            "null" => new HclNull(token.Position),
            _ => throw new HclException(token.Position,
                $"expected a value, found identifier '{token.Text}' (strings must be quoted: \"{token.Text}\")"),
        };
        // Taken only after the check so a lexing error further on cannot hide this earlier one.
        Take();
        return value;
    }

    private HclList ParseList()
    {
        var open = Take();
        Enter(open);
        var items = new List<HclValue>();
        while (!At(HclTokenKind.RightBracket))
        {
            if (At(HclTokenKind.EndOfFile)) throw UnclosedList(open);
            items.Add(ParseValue());
            if (At(HclTokenKind.Comma))
            {
                Take();
            }
            else if (!At(HclTokenKind.RightBracket))
            {
                if (At(HclTokenKind.EndOfFile)) throw UnclosedList(open);
                throw Unexpected("',' or ']' after list item");
            }
        }
        Take();
        _depth--;
        return new HclList(items, open.Position);
    }

    private void Enter(HclToken opening)
    {
        if (++_depth > HclParser.MaxNestingDepth)
        {
            throw new HclException(opening.Position,
                $"nesting is too deep: more than {HclParser.MaxNestingDepth} levels of blocks, objects and lists");
        }
    }

    private static HclException UnclosedList(HclToken open) =>
        new(open.Position, "'[' is never closed: expected ']' before end of file");

    private HclException Unexpected(string expected) =>
        new(_current.Position, $"expected {expected}, found {_current.Describe()}");
}
