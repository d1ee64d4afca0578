namespace Coffer.Core.Access.Policies;

/// <summary>
/// The non-exact patterns of an ACL (plain prefixes and <c>+</c> patterns) arranged by path segment. A lookup
/// follows the path's own segments, taking the literal edge and the <c>+</c> edge at each level, so it only ever
/// meets patterns that can match; the number of policies or patterns elsewhere in the tree does not matter.
/// </summary>
internal sealed class AclPatternTrie
{
    private readonly Node _root = new();

    public void Add(AclRule rule)
    {
        var pattern = rule.Pattern;
        var segments = pattern.Segments;
        // A prefix pattern's last segment is a partial one, matched against the start of a path segment.
        var fullSegments = pattern.IsPrefix ? segments.Count - 1 : segments.Count;
        var node = _root;
        for (var i = 0; i < fullSegments; i++)
        {
            node = node.Child(segments[i]);
        }
        if (pattern.IsPrefix)
        {
            (node.Prefixes ??= new SegmentPrefixIndex()).Add(segments[^1], rule);
        }
        else
        {
            node.Terminal = rule;
        }
    }

    /// <summary>The highest-priority pattern (see <see cref="PathPattern.CompareTo"/>) matching the path, or null.</summary>
    public AclRule? FindBest(string[] pathSegments, ref AclLookupCounters counters)
    {
        var search = new Search(pathSegments);
        search.Visit(_root, 0);
        counters.NodesVisited += search.NodesVisited;
        counters.CandidatesExamined += search.CandidatesExamined;
        return search.Best;
    }

    private sealed class Node
    {
        private Dictionary<string, Node>? _literal;

        public Node? Wildcard { get; private set; }

        /// <summary>The pattern without <c>*</c> whose segments end exactly here.</summary>
        public AclRule? Terminal { get; set; }

        public SegmentPrefixIndex? Prefixes { get; set; }

        public Node Child(string segment)
        {
            if (segment == "+") return Wildcard ??= new Node();
            _literal ??= new Dictionary<string, Node>(StringComparer.Ordinal);
            if (!_literal.TryGetValue(segment, out var child))
            {
                _literal[segment] = child = new Node();
            }
            return child;
        }

        public Node? LiteralChild(string segment) =>
            _literal is not null && _literal.TryGetValue(segment, out var child) ? child : null;
    }

    private sealed class Search(string[] segments)
    {
        public AclRule? Best { get; private set; }
        public int NodesVisited { get; private set; }
        public int CandidatesExamined { get; private set; }

        public void Visit(Node node, int depth)
        {
            NodesVisited++;
            if (depth == segments.Length)
            {
                if (node.Terminal is { } terminal) Consider(terminal);
                return;
            }
            node.Prefixes?.ForEachPrefixOf(segments[depth], Consider);
            if (node.LiteralChild(segments[depth]) is { } literal) Visit(literal, depth + 1);
            if (node.Wildcard is { } wildcard) Visit(wildcard, depth + 1);
        }

        private void Consider(AclRule rule)
        {
            CandidatesExamined++;
            if (Best is null || rule.Pattern.CompareTo(Best.Pattern) > 0) Best = rule;
        }
    }
}
