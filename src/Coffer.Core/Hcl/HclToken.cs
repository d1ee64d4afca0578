namespace Coffer.Core.Hcl;

internal enum HclTokenKind
{
    EndOfFile,
    Identifier,
    String,
    Heredoc,
    Number,
    LeftBrace,
    RightBrace,
    LeftBracket,
    RightBracket,
    Equals,
    Comma,
}

/// <param name="Text">Identifier or number source text, or the decoded value of a string or heredoc.</param>
internal readonly record struct HclToken(HclTokenKind Kind, string Text, HclPosition Position)
{
    private const int MaxQuotedLength = 24;

    /// <summary>How the token reads in an error message, e.g. <c>identifier 'foo'</c> or <c>'{'</c>.</summary>
    public string Describe() => Kind switch
    {
        HclTokenKind.EndOfFile => "end of file",
        HclTokenKind.Identifier => $"identifier '{Text}'",
        HclTokenKind.String => $"string \"{Shorten(Text)}\"",
        HclTokenKind.Heredoc => "heredoc",
        HclTokenKind.Number => $"number {Text}",
        HclTokenKind.LeftBrace => "'{'",
        HclTokenKind.RightBrace => "'}'",
        HclTokenKind.LeftBracket => "'['",
        HclTokenKind.RightBracket => "']'",
        HclTokenKind.Equals => "'='",
        HclTokenKind.Comma => "','",
        _ => Kind.ToString(),
    };

    // Keeps a message on one line and of readable length whatever the string holds.
    private static string Shorten(string text)
    {
        var shown = text.Length <= MaxQuotedLength ? text : string.Concat(text.AsSpan(0, MaxQuotedLength), "...");
        return shown.Replace("\n", "\\n", StringComparison.Ordinal);
    }
}
