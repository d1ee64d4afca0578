namespace Coffer.Cli.Policies;

/// <summary>
/// Parses policy HCL into a <see cref="PolicyBody"/> that keeps comments and blank lines, so the printer can
/// re-indent without losing anything. Comments are allowed where a formatter can keep them: on their own
/// lines between items or list elements, and at the end of a line after one.
/// </summary>
internal sealed class PolicyParser
{
    private readonly IReadOnlyList<PolicyToken> _tokens;
    private int _index;

    private PolicyParser(IReadOnlyList<PolicyToken> tokens)
    {
        _tokens = tokens;
    }

    private PolicyToken Current => _tokens[_index];

    /// <exception cref="PolicyFormatException">The text is not HCL this parser understands.</exception>
    public static PolicyBody Parse(string text)
    {
        if (text.TrimStart('\uFEFF', ' ', '\t', '\r', '\n').StartsWith('{'))
        {
            throw new PolicyFormatException("JSON policies are not supported by policy fmt; it formats HCL policies only");
        }

        var parser = new PolicyParser(PolicyLexer.Tokenize(text));
        var body = parser.ParseBody(topLevel: true, openLine: 0);
        return body;
    }

    private PolicyBody ParseBody(bool topLevel, int openLine)
    {
        var body = new PolicyBody();
        var pending = new List<PolicyToken>();
        var previousEnd = openLine;
        PolicyItem? previous = null;
        while (true)
        {
            if (Current.Kind == PolicyTokenKind.Comment)
            {
                var comment = Take();
                if (previous is not null && pending.Count == 0 && previous.Comments.Trailing is null && comment.Line == previous.EndLine)
                {
                    previous.Comments.Trailing = comment;
                }
                else
                {
                    pending.Add(comment);
                }

                continue;
            }

            if (Current.Kind == PolicyTokenKind.End || (!topLevel && Current.Kind == PolicyTokenKind.RightBrace))
            {
                if (Current.Kind == PolicyTokenKind.End && !topLevel)
                {
                    throw Error("missing '}' before the end of the file");
                }

                body.EndComments.AddRange(pending);
                return body;
            }

            var firstLine = pending.Count > 0 ? pending[0].Line : Current.Line;
            var item = ParseItem();
            item.Comments.Leading.AddRange(pending);
            item.BlankLineBefore = previous is not null && firstLine - previousEnd >= 2;
            pending.Clear();
            if (Current.Kind == PolicyTokenKind.Comma)
            {
                Take();
            }

            body.Items.Add(item);
            previous = item;
            previousEnd = item.EndLine;
        }
    }

    private PolicyItem ParseItem()
    {
        var key = Current.Kind is PolicyTokenKind.Identifier or PolicyTokenKind.String
            ? Take()
            : throw Error($"expected a key, found {Describe(Current)}");

        if (Current.Kind == PolicyTokenKind.Equals)
        {
            Take();
            var value = ParseValue();
            return new PolicyAttribute(key, value) { EndLine = _tokens[_index - 1].EndLine };
        }

        var labels = new List<PolicyToken>();
        while (Current.Kind == PolicyTokenKind.String)
        {
            labels.Add(Take());
        }

        if (Current.Kind != PolicyTokenKind.LeftBrace)
        {
            throw Error($"expected '=' or '{{' after \"{PolicyStrings.Unquote(key)}\", found {Describe(Current)}");
        }

        var open = Take();
        var body = ParseBody(topLevel: false, openLine: open.Line);
        var close = Take();
        return new PolicyBlock(key, labels, body) { EndLine = close.Line };
    }

    private PolicyValue ParseValue()
    {
        switch (Current.Kind)
        {
            case PolicyTokenKind.String or PolicyTokenKind.Number:
            case PolicyTokenKind.Identifier when Current.Text is "true" or "false":
                var scalar = Take();
                return new PolicyScalar(scalar) { Line = scalar.Line };
            case PolicyTokenKind.LeftBracket:
                return ParseList();
            case PolicyTokenKind.LeftBrace:
                var open = Take();
                var body = ParseBody(topLevel: false, openLine: open.Line);
                Take();
                return new PolicyObject(body) { Line = open.Line };
            default:
                throw Error($"expected a value, found {Describe(Current)}");
        }
    }

    private PolicyList ParseList()
    {
        var open = Take();
        var list = new PolicyList { Line = open.Line };
        var pending = new List<PolicyToken>();
        PolicyListElement? previous = null;
        var previousLine = open.Line;
        var previousEndedWithComma = false;
        while (true)
        {
            if (Current.Kind == PolicyTokenKind.Comment)
            {
                var comment = Take();
                if (previous is not null && pending.Count == 0 && previous.Comments.Trailing is null && comment.Line == previousLine)
                {
                    previous.Comments.Trailing = comment;
                }
                else
                {
                    pending.Add(comment);
                }

                continue;
            }

            if (Current.Kind == PolicyTokenKind.RightBracket)
            {
                var close = Take();
                list.EndComments.AddRange(pending);
                list.IsMultiline = close.Line != open.Line;
                return list;
            }

            if (previous is not null && !previousEndedWithComma)
            {
                throw Error($"expected ',' or ']' in the list, found {Describe(Current)}");
            }

            var element = new PolicyListElement(ParseValue());
            element.Comments.Leading.AddRange(pending);
            pending.Clear();
            list.Elements.Add(element);
            previous = element;
            previousLine = _tokens[_index - 1].EndLine;
            previousEndedWithComma = Current.Kind == PolicyTokenKind.Comma;
            if (previousEndedWithComma)
            {
                Take();
            }
        }
    }

    private PolicyToken Take()
    {
        var token = Current;
        if (token.Kind == PolicyTokenKind.End)
        {
            throw Error("unexpected end of file");
        }

        _index++;
        return token;
    }

    private PolicyFormatException Error(string message) => new($"line {Current.Line}: {message}");

    private static string Describe(PolicyToken token) => token.Kind switch
    {
        PolicyTokenKind.End => "the end of the file",
        PolicyTokenKind.Comment => "a comment (comments must be on their own line or at the end of a line)",
        _ => $"'{token.Text}'",
    };
}
