namespace Coffer.Cli.Output;

/// <summary>Greedy word wrapping for explanatory paragraphs, so they read well in an 80-column terminal.</summary>
internal static class TextWrap
{
    public const int DefaultWidth = 80;

    /// <summary>Wraps each paragraph line separately; a word longer than the width gets a line of its own.</summary>
    public static IReadOnlyList<string> Wrap(string text, int width = DefaultWidth)
    {
        var lines = new List<string>();
        foreach (var paragraphLine in text.Split('\n'))
        {
            var current = "";
            foreach (var word in paragraphLine.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                if (current.Length == 0)
                {
                    current = word;
                }
                else if (current.Length + 1 + word.Length <= width)
                {
                    current += " " + word;
                }
                else
                {
                    lines.Add(current);
                    current = word;
                }
            }

            lines.Add(current);
        }

        return lines;
    }

    public static string WrapToString(string text, int width = DefaultWidth, int indent = 0)
    {
        var padding = new string(' ', indent);
        return string.Join('\n', Wrap(text, width - indent).Select(line => line.Length == 0 ? line : padding + line));
    }
}
