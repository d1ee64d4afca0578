namespace Coffer.Core.Engines.Transit;

/// <summary>
/// The key types this engine ships. Policies are stored with the numeric value, so new types are only ever
/// appended: reordering would silently change the type of every stored key.
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
    Ed25519,
    EcdsaP521,
    Hmac,
}

/// <summary>Names and capabilities of each <see cref="TransitKeyType"/>, as Vault reports them.</summary>
public static class TransitKeyTypes
{
    public const int HmacMinKeySize = 32;
    public const int HmacMaxKeySize = 512;

    public static string Name(TransitKeyType type) => type switch
    {
        TransitKeyType.Aes128Gcm96 => "aes128-gcm96",
        TransitKeyType.Aes256Gcm96 => "aes256-gcm96",
        TransitKeyType.ChaCha20Poly1305 => "chacha20-poly1305",
        TransitKeyType.EcdsaP256 => "ecdsa-p256",
        TransitKeyType.EcdsaP384 => "ecdsa-p384",
        TransitKeyType.EcdsaP521 => "ecdsa-p521",
        TransitKeyType.Rsa2048 => "rsa-2048",
        TransitKeyType.Rsa3072 => "rsa-3072",
        TransitKeyType.Rsa4096 => "rsa-4096",
        TransitKeyType.Ed25519 => "ed25519",
        TransitKeyType.Hmac => "hmac",
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    public static TransitKeyType Parse(string? name) => (name ?? "aes256-gcm96") switch
    {
        "" or "aes256-gcm96" => TransitKeyType.Aes256Gcm96,
        "aes128-gcm96" => TransitKeyType.Aes128Gcm96,
        "chacha20-poly1305" => TransitKeyType.ChaCha20Poly1305,
        "ecdsa-p256" => TransitKeyType.EcdsaP256,
        "ecdsa-p384" => TransitKeyType.EcdsaP384,
        "ecdsa-p521" => TransitKeyType.EcdsaP521,
        "rsa-2048" => TransitKeyType.Rsa2048,
        "rsa-3072" => TransitKeyType.Rsa3072,
        "rsa-4096" => TransitKeyType.Rsa4096,
        "ed25519" => TransitKeyType.Ed25519,
        "hmac" => TransitKeyType.Hmac,
        var other => throw CofferError.BadRequest($"unknown key type {other}"),
    };

    /// <summary>Length of the symmetric material of an AEAD key (ed25519 seeds are 32 bytes too).</summary>
    public static int KeyLength(TransitKeyType type) => type == TransitKeyType.Aes128Gcm96 ? 16 : 32;

    public static bool IsAead(TransitKeyType type) =>
        type is TransitKeyType.Aes128Gcm96 or TransitKeyType.Aes256Gcm96 or TransitKeyType.ChaCha20Poly1305;

    public static bool IsRsa(TransitKeyType type) =>
        type is TransitKeyType.Rsa2048 or TransitKeyType.Rsa3072 or TransitKeyType.Rsa4096;

    public static bool IsEcdsa(TransitKeyType type) =>
        type is TransitKeyType.EcdsaP256 or TransitKeyType.EcdsaP384 or TransitKeyType.EcdsaP521;

    /// <summary>Types with a private/public pair: their key read shows <c>public_key</c> per version.</summary>
    public static bool IsAsymmetric(TransitKeyType type) => IsRsa(type) || IsEcdsa(type) || type == TransitKeyType.Ed25519;

    public static bool SupportsEncryption(TransitKeyType type) => IsAead(type) || IsRsa(type);

    public static bool SupportsSigning(TransitKeyType type) => IsAsymmetric(type);

    public static bool SupportsDerivation(TransitKeyType type) => IsAead(type) || type == TransitKeyType.Ed25519;

    public static bool SupportsConvergent(TransitKeyType type) => IsAead(type);
}
