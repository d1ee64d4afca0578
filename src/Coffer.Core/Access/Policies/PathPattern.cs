namespace Coffer.Core.Access.Policies;

/// <summary>
/// The path of a <c>path "..." { }</c> block, validated and classified. Vault's rules for which text counts as a
/// segment wildcard are kept to the letter (a <c>+</c> only counts at the start of a segment), because the
/// classification decides the priority between matching patterns.
/// </summary>
public sealed class PathPattern : IComparable<PathPattern>
{
    private PathPattern(string text)
    {
        Text = text;
        IsPrefix = text.EndsWith('*');
        Body = IsPrefix ? text[..^1] : text;
        var hasSegmentWildcards = text == "+" || text.StartsWith("+/", StringComparison.Ordinal) ||
                                  text.Contains("/+", StringComparison.Ordinal);
        Kind = hasSegmentWildcards ? PathPatternKind.SegmentWildcard
            : IsPrefix ? PathPatternKind.Prefix
            : PathPatternKind.Exact;
        Segments = Body.Split('/');
        WildcardSegments = hasSegmentWildcards ? Segments.Count(s => s == "+") : 0;
        FirstWildcardIndex = Kind switch
        {
            PathPatternKind.SegmentWildcard => text.IndexOf('+', StringComparison.Ordinal),
            PathPatternKind.Prefix => Body.Length,
            _ => -1,
        };
    }

    /// <summary>The pattern as it applies: leading <c>/</c> removed, trailing <c>*</c> kept.</summary>
    public string Text { get; }

    /// <summary>The pattern without its trailing <c>*</c>.</summary>
    public string Body { get; }

    public PathPatternKind Kind { get; }

    public bool IsPrefix { get; }

    /// <summary>Number of segments that are exactly <c>+</c>.</summary>
    public int WildcardSegments { get; }

    /// <summary>Position of the first <c>+</c> (segment wildcards) or of the <c>*</c> (plain prefixes); -1 for exact patterns.</summary>
    public int FirstWildcardIndex { get; }

    /// <summary><see cref="Body"/> split on <c>/</c>; for a prefix pattern the last one is matched as a prefix of a path segment.</summary>
    internal IReadOnlyList<string> Segments { get; }

    /// <summary>Validates and normalises the path of a block.</summary>
    /// <exception cref="CofferError">400 when wildcards are misplaced.</exception>
    public static PathPattern Parse(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var text = path.StartsWith('/') ? path[1..] : path;
        if (text.Contains("+*", StringComparison.Ordinal))
        {
            throw PolicyErrors.Invalid($"path \"{text}\": invalid use of wildcards ('+*' is forbidden)");
        }
        var star = text.IndexOf('*', StringComparison.Ordinal);
        if (star >= 0 && star != text.Length - 1)
        {
            throw PolicyErrors.Invalid($"path \"{text}\": invalid use of wildcards ('*' is only allowed at the end)");
        }
        return new PathPattern(text);
    }

    /// <summary>
    /// Priority among non-exact patterns that match the same path; the greater one wins. In order: the first
    /// wildcard comes later; not a prefix; fewer <c>+</c> segments; longer; lexicographically larger.
    /// </summary>
    public int CompareTo(PathPattern? other)
    {
        if (other is null) return 1;
        if (FirstWildcardIndex != other.FirstWildcardIndex) return FirstWildcardIndex.CompareTo(other.FirstWildcardIndex);
        if (IsPrefix != other.IsPrefix) return IsPrefix ? -1 : 1;
        if (WildcardSegments != other.WildcardSegments) return other.WildcardSegments.CompareTo(WildcardSegments);
        if (Body.Length != other.Body.Length) return Body.Length.CompareTo(other.Body.Length);
        return string.CompareOrdinal(Body, other.Body);
    }

    public override string ToString() => Text;
}
