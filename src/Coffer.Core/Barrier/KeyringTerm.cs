namespace Coffer.Core.Barrier;

/// <summary>One generation of the data encryption key; entries name the term they were sealed under.</summary>
public sealed record KeyringTerm(uint Term, byte[] Key, DateTimeOffset InstallTime);
