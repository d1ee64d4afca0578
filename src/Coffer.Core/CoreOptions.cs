namespace Coffer.Core;

/// <summary>Settings the core takes from the server configuration.</summary>
public sealed record CoreOptions
{
    public string? ClusterName { get; init; }
    public string ApiAddress { get; init; } = "";
    public string ClusterAddress { get; init; } = "";

    /// <summary>Vault's system defaults: 768h for both.</summary>
    public long DefaultLeaseTtlSeconds { get; init; } = 768 * 3600;
    public long MaxLeaseTtlSeconds { get; init; } = 768 * 3600;
}
