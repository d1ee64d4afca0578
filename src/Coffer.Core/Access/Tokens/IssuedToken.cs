namespace Coffer.Core.Access;

/// <summary>A token just created: the secret to hand to the client once, its entry, and warnings for the response.</summary>
public sealed record IssuedToken(string Token, TokenEntry Entry, IReadOnlyList<string> Warnings);

/// <summary>The outcome of a renewal: the updated entry and any capping warnings.</summary>
public sealed record TokenRenewal(TokenEntry Entry, IReadOnlyList<string> Warnings);

/// <summary>What a tidy run cleaned up.</summary>
public sealed record TidyReport(int OrphanedChildren, int RemovedChildLinks, int RemovedAccessors, int RevokedTokens);
