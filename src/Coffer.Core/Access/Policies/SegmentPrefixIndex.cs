namespace Coffer.Core.Access.Policies;

/// <summary>
/// The prefix patterns whose literal and <c>+</c> segments end at one trie node, keyed by the start their next
/// segment must have (<c>secret/ap*</c> is keyed by <c>ap</c> under <c>secret</c>). A character trie, so finding every
/// key that starts a path segment costs the length of that segment, not the number of keys.
/// </summary>
internal sealed class SegmentPrefixIndex
{
    private readonly Dictionary<char, SegmentPrefixIndex> _next = new();
    private AclRule? _rule;

    public void Add(string segmentStart, AclRule rule)
    {
        var node = this;
        foreach (var c in segmentStart)
        {
            if (!node._next.TryGetValue(c, out var child))
            {
                node._next[c] = child = new SegmentPrefixIndex();
            }
            node = child;
        }
        node._rule = rule;
    }

    /// <summary>Calls <paramref name="found"/> for every rule whose key is a prefix of <paramref name="segment"/>.</summary>
    public void ForEachPrefixOf(string segment, Action<AclRule> found)
    {
        var node = this;
        if (node._rule is not null) found(node._rule);
        foreach (var c in segment)
        {
            if (!node._next.TryGetValue(c, out node!)) return;
            if (node._rule is not null) found(node._rule);
        }
    }
}
