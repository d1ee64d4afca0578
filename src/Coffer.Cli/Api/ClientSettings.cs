namespace Coffer.Cli.Api;

/// <summary>Where and how to talk to the server, after flags and environment have been combined.</summary>
internal sealed record ClientSettings(
    Uri Address,
    string? Token,
    string? Namespace,
    string? CaCertPath,
    bool TlsSkipVerify,
    string? WrapTtl)
{
    public const string DefaultAddress = "https://127.0.0.1:8200";

    /// <summary>Vault's default client timeout; long enough for slow unseal or init on busy storage.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
}
