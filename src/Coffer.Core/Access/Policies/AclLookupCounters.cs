namespace Coffer.Core.Access.Policies;

/// <summary>
/// How much work one path lookup did. Tests use it to prove a lookup touches only the patterns that could match
/// the path, whatever the number of policies; it is not a timing measure.
/// </summary>
internal struct AclLookupCounters
{
    /// <summary>Trie nodes entered (one per path segment followed, per literal or <c>+</c> branch).</summary>
    public int NodesVisited;

    /// <summary>Patterns that matched and were ranked against each other.</summary>
    public int CandidatesExamined;
}
