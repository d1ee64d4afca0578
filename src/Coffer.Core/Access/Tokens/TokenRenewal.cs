namespace Coffer.Core.Access;

/// <summary>The outcome of a renewal: the updated entry and any capping warnings.</summary>
public sealed record TokenRenewal(TokenEntry Entry, IReadOnlyList<string> Warnings);
