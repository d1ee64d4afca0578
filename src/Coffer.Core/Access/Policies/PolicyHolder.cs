namespace Coffer.Core.Access.Policies;

/// <summary>
/// Whose policies a capability query evaluates: a token's policy names and the namespace they are read from, which
/// may be an ancestor of the namespace the query is made in. A null namespace means the query's own namespace.
/// </summary>
public sealed record PolicyHolder(string? NamespaceId, IReadOnlyList<string> Policies);
