namespace Coffer.Core.Access;

/// <summary>A token just created: the secret to hand to the client once, its entry, and warnings for the response.</summary>
public sealed record IssuedToken(string Token, TokenEntry Entry, IReadOnlyList<string> Warnings);
