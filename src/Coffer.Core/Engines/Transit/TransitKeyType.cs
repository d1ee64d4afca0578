namespace Coffer.Core.Engines.Transit;

/// <summary>
/// The key types this engine ships. Ed25519 is absent because the .NET 10 BCL has no standalone Ed25519; RSA keys
/// sign only (Vault also lets them encrypt with OAEP, which is not implemented here).
/// </summary>
public enum TransitKeyType
{
    Aes128Gcm96,
    Aes256Gcm96,
    ChaCha20Poly1305,
    EcdsaP256,
    EcdsaP384,
    Rsa2048,
    Rsa3072,
    Rsa4096,
}

public static class TransitKeyTypes
{
    public static string Name(TransitKeyType type) => type switch
    {
        TransitKeyType.Aes128Gcm96 => "aes128-gcm96",
        TransitKeyType.Aes256Gcm96 => "aes256-gcm96",
        TransitKeyType.ChaCha20Poly1305 => "chacha20-poly1305",
        TransitKeyType.EcdsaP256 => "ecdsa-p256",
        TransitKeyType.EcdsaP384 => "ecdsa-p384",
        TransitKeyType.Rsa2048 => "rsa-2048",
        TransitKeyType.Rsa3072 => "rsa-3072",
        TransitKeyType.Rsa4096 => "rsa-4096",
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    public static TransitKeyType Parse(string? name) => (name ?? "aes256-gcm96") switch
    {
        "" or "aes256-gcm96" => TransitKeyType.Aes256Gcm96,
        "aes128-gcm96" => TransitKeyType.Aes128Gcm96,
        "chacha20-poly1305" => TransitKeyType.ChaCha20Poly1305,
        "ecdsa-p256" => TransitKeyType.EcdsaP256,
        "ecdsa-p384" => TransitKeyType.EcdsaP384,
        "rsa-2048" => TransitKeyType.Rsa2048,
        "rsa-3072" => TransitKeyType.Rsa3072,
        "rsa-4096" => TransitKeyType.Rsa4096,
        var other => throw CofferError.BadRequest($"unknown key type {other}"),
    };

    public static int KeyLength(TransitKeyType type) => type == TransitKeyType.Aes128Gcm96 ? 16 : 32;

    public static bool IsSigning(TransitKeyType type) => type >= TransitKeyType.EcdsaP256;
}
