namespace Coffer.Core.Access.Policies;

/// <summary>How a path pattern matches, which decides where a compiled ACL keeps it.</summary>
public enum PathPatternKind
{
    /// <summary>No wildcard: matches one path (and, for LIST, that path plus a trailing <c>/</c>).</summary>
    Exact,

    /// <summary>Ends in <c>*</c> without <c>+</c> segments: matches every path starting with the text before the <c>*</c>.</summary>
    Prefix,

    /// <summary>Has <c>+</c> segments, possibly also a trailing <c>*</c>.</summary>
    SegmentWildcard,
}
