namespace Coffer.Core.Access;

/// <summary>What a tidy run cleaned up.</summary>
public sealed record TidyReport(int OrphanedChildren, int RemovedChildLinks, int RemovedAccessors, int RevokedTokens);
