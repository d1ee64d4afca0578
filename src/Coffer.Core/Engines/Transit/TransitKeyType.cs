namespace Coffer.Core.Engines.Transit;

/// <summary>The symmetric AEAD key types this engine ships; signing types are not implemented yet.</summary>
public enum TransitKeyType
{
    Aes128Gcm96,
    Aes256Gcm96,
    ChaCha20Poly1305,
}

public static class TransitKeyTypes
{
    public static string Name(TransitKeyType type) => type switch
    {
        TransitKeyType.Aes128Gcm96 => "aes128-gcm96",
        TransitKeyType.Aes256Gcm96 => "aes256-gcm96",
        TransitKeyType.ChaCha20Poly1305 => "chacha20-poly1305",
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    public static TransitKeyType Parse(string? name) => (name ?? "aes256-gcm96") switch
    {
        "" or "aes256-gcm96" => TransitKeyType.Aes256Gcm96,
        "aes128-gcm96" => TransitKeyType.Aes128Gcm96,
        "chacha20-poly1305" => TransitKeyType.ChaCha20Poly1305,
        var other => throw CofferError.BadRequest($"unknown key type {other}"),
    };

    public static int KeyLength(TransitKeyType type) => type == TransitKeyType.Aes128Gcm96 ? 16 : 32;
}
