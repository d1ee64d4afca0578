namespace Coffer.Cli.Policies;

internal enum PolicyTokenKind
{
    Identifier,
    String,
    Number,
    LeftBrace,
    RightBrace,
    LeftBracket,
    RightBracket,
    Equals,
    Comma,
    Comment,
    End,
}

/// <param name="Text">The exact source text (strings keep their quotes and escapes; comments their markers).</param>
/// <param name="Line">1-based line the token starts on.</param>
/// <param name="EndLine">Line it ends on; differs from <paramref name="Line"/> only for block comments.</param>
internal sealed record PolicyToken(PolicyTokenKind Kind, string Text, int Line, int EndLine);
