namespace Coffer.Core.Hcl;

/// <summary>
/// Reads <c>&lt;&lt;EOT</c> and <c>&lt;&lt;-EOT</c> heredocs. The value keeps the newline after every
/// content line, as HCL1 does; the indented form also removes the indentation the non-blank
/// lines have in common so the text can be indented along with the file.
/// </summary>
internal static class HclHeredocReader
{
    /// <summary>Reads from <c>&lt;&lt;</c> through the closing anchor line and returns the value.</summary>
    public static string Read(HclSourceReader reader)
    {
        var start = reader.Position;
        reader.Advance();
        reader.Advance();
        var indented = reader.Has('-');
        if (indented) reader.Advance();

        if (reader.AtEnd || !HclLexer.IsIdentifierStart(reader.Peek()))
        {
            throw reader.Error($"expected a heredoc anchor name after '<<', found {reader.DescribeNext()}");
        }
        var anchor = reader.ReadWhile(c => c == '_' || char.IsLetterOrDigit(c));
        reader.ReadWhile(c => c is ' ' or '\t' or '\r');
        if (!reader.Has('\n'))
        {
            throw reader.Error($"expected end of line after heredoc anchor '{anchor}', found {reader.DescribeNext()}");
        }
        reader.Advance();

        var lines = ReadLinesUntilAnchor(reader, anchor, start);
        if (indented) RemoveCommonIndentation(lines);
        return lines.Count == 0 ? "" : string.Join('\n', lines) + "\n";
    }

    private static List<string> ReadLinesUntilAnchor(HclSourceReader reader, string anchor, HclPosition start)
    {
        var lines = new List<string>();
        while (true)
        {
            if (reader.AtEnd)
            {
                throw new HclException(start, $"unterminated heredoc: no line with the closing anchor '{anchor}'");
            }
            var line = reader.ReadRestOfLine();
            // The anchor may be indented in both forms; that is what lets `<<-` text line up with it.
            if (line.Trim(' ', '\t', '\r') == anchor) return lines;
            lines.Add(line.TrimEnd('\r'));
            if (!reader.AtEnd) reader.Advance();
        }
    }

    private static void RemoveCommonIndentation(List<string> lines)
    {
        var common = int.MaxValue;
        foreach (var line in lines)
        {
            var indentation = LeadingWhitespace(line);
            if (indentation < line.Length) common = Math.Min(common, indentation);
        }
        if (common == int.MaxValue) common = 0;
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            lines[i] = line[Math.Min(common, LeadingWhitespace(line))..];
        }
    }

    private static int LeadingWhitespace(string line)
    {
        var count = 0;
        while (count < line.Length && line[count] is ' ' or '\t') count++;
        return count;
    }
}
