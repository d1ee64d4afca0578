using System.Text;

namespace Coffer.Cli.Policies;

/// <summary>
/// Prints a parsed policy in the canonical layout: two-space indentation, one blank line between top-level
/// blocks, blank lines inside blocks kept (at most one), '=' aligned across consecutive one-line attributes,
/// lists on one line unless they were written over several, and every comment where it was.
/// </summary>
internal sealed class PolicyPrinter
{
    private const string IndentUnit = "  ";
    private readonly StringBuilder _text = new();

    public static string Print(PolicyBody document)
    {
        var printer = new PolicyPrinter();
        printer.PrintBody(document, 0, topLevel: true);
        return printer._text.ToString().TrimEnd('\n') + "\n";
    }

    private void PrintBody(PolicyBody body, int depth, bool topLevel)
    {
        var indent = Indent(depth);
        var keyWidths = AlignmentWidths(body);
        for (var i = 0; i < body.Items.Count; i++)
        {
            var item = body.Items[i];
            if (i > 0 && (topLevel || item.BlankLineBefore))
            {
                _text.Append('\n');
            }

            PrintComments(item.Comments.Leading, indent);
            _text.Append(indent);
            switch (item)
            {
                case PolicyAttribute attribute:
                    _text.Append(attribute.Key.Text.PadRight(keyWidths[i])).Append(" = ");
                    PrintValue(attribute.Value, depth);
                    break;
                case PolicyBlock block:
                    _text.Append(block.Key.Text);
                    foreach (var label in block.Labels)
                    {
                        _text.Append(' ').Append(label.Text);
                    }

                    _text.Append(' ');
                    PrintBraced(block.Body, depth);
                    break;
            }

            PrintTrailing(item.Comments.Trailing);
            _text.Append('\n');
        }

        if (body.EndComments.Count > 0 && body.Items.Count > 0 && topLevel)
        {
            _text.Append('\n');
        }

        PrintComments(body.EndComments, indent);
    }

    /// <summary>
    /// For each item, the width its key is padded to. Runs of consecutive one-line attributes share the
    /// widest key of the run; a blank line, a comment line or anything spanning lines ends a run.
    /// </summary>
    private static int[] AlignmentWidths(PolicyBody body)
    {
        var widths = new int[body.Items.Count];
        var runStart = 0;
        for (var i = 0; i <= body.Items.Count; i++)
        {
            var endsRun = i == body.Items.Count
                || !IsOneLineAttribute(body.Items[i])
                || (i > runStart && (body.Items[i].BlankLineBefore || body.Items[i].Comments.Leading.Count > 0));
            if (!endsRun)
            {
                continue;
            }

            var width = body.Items.Skip(runStart).Take(i - runStart).Select(item => item.Key.Text.Length).DefaultIfEmpty(0).Max();
            for (var j = runStart; j < i; j++)
            {
                widths[j] = width;
            }

            if (i < body.Items.Count)
            {
                widths[i] = body.Items[i].Key.Text.Length;
                runStart = IsOneLineAttribute(body.Items[i]) ? i : i + 1;
            }
        }

        return widths;
    }

    private static bool IsOneLineAttribute(PolicyItem item) => item is PolicyAttribute attribute && IsOneLine(attribute.Value);

    private static bool IsOneLine(PolicyValue value) => value switch
    {
        PolicyScalar => true,
        PolicyList list => !list.IsMultiline && list.EndComments.Count == 0
            && list.Elements.All(e => e.Comments.IsEmpty && IsOneLine(e.Value)),
        PolicyObject obj => obj.Body.Items.Count == 0 && obj.Body.EndComments.Count == 0,
        _ => false,
    };

    private void PrintValue(PolicyValue value, int depth)
    {
        switch (value)
        {
            case PolicyScalar scalar:
                _text.Append(scalar.Token.Text);
                break;
            case PolicyObject obj:
                PrintBraced(obj.Body, depth);
                break;
            case PolicyList list when IsOneLine(list):
                _text.Append('[');
                for (var i = 0; i < list.Elements.Count; i++)
                {
                    _text.Append(i == 0 ? "" : ", ");
                    PrintValue(list.Elements[i].Value, depth);
                }

                _text.Append(']');
                break;
            case PolicyList list:
                var inner = Indent(depth + 1);
                _text.Append("[\n");
                foreach (var element in list.Elements)
                {
                    PrintComments(element.Comments.Leading, inner);
                    _text.Append(inner);
                    PrintValue(element.Value, depth + 1);
                    _text.Append(',');
                    PrintTrailing(element.Comments.Trailing);
                    _text.Append('\n');
                }

                PrintComments(list.EndComments, inner);
                _text.Append(Indent(depth)).Append(']');
                break;
        }
    }

    private void PrintBraced(PolicyBody body, int depth)
    {
        if (body.Items.Count == 0 && body.EndComments.Count == 0)
        {
            _text.Append("{}");
            return;
        }

        _text.Append("{\n");
        PrintBody(body, depth + 1, topLevel: false);
        _text.Append(Indent(depth)).Append('}');
    }

    private void PrintComments(IEnumerable<PolicyToken> comments, string indent)
    {
        foreach (var comment in comments)
        {
            _text.Append(indent).Append(comment.Text).Append('\n');
        }
    }

    private void PrintTrailing(PolicyToken? comment)
    {
        if (comment is not null)
        {
            _text.Append(' ').Append(comment.Text);
        }
    }

    private static string Indent(int depth) => string.Concat(Enumerable.Repeat(IndentUnit, depth));
}
