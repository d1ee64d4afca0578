namespace Coffer.Core.Seal;

/// <summary>The facts behind <c>sys/seal-status</c> and <c>sys/unseal</c> responses.</summary>
public sealed record SealStatus(
    bool Initialized,
    bool Sealed,
    int Threshold,
    int Shares,
    int Progress,
    string Nonce,
    string? ClusterName,
    string? ClusterId);
