using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Coffer.Core.Replication.Roles;

/// <summary>
/// Activation without an API round-trip (spec/replication.md §4.1 <c>secondary_public_key</c>, §4.2
/// <c>generate-public-key</c>): the would-be secondary makes an ECDH P-384 key pair and hands out the public half;
/// the primary seals the activation bundle to it instead of response-wrapping it, and only the holder of the
/// private half opens it. The token is <see cref="Prefix"/> then three base64url parts: the primary's ephemeral
/// public key, the AES-256-GCM nonce, the ciphertext with its tag. The AES key is SHA-256 over a label and the ECDH
/// secret; the ephemeral key is also the associated data, so no part can be swapped.
/// </summary>
public static class EncryptedActivation
{
    public const string Prefix = "coffer-dr-sealed.";

    private static readonly byte[] KeyLabel = "coffer dr activation v1"u8.ToArray();

    public static bool IsSealed(string token) => token.StartsWith(Prefix, StringComparison.Ordinal);

    /// <summary>A new key pair for <c>generate-public-key</c>.</summary>
    public static ECDiffieHellman NewKeyPair() => ECDiffieHellman.Create(ECCurve.NamedCurves.nistP384);

    /// <summary>The public half as handed out: base64 SubjectPublicKeyInfo.</summary>
    public static string PublicKeyOf(ECDiffieHellman keyPair) => Convert.ToBase64String(keyPair.ExportSubjectPublicKeyInfo());

    /// <exception cref="CofferError">400 when <paramref name="secondaryPublicKey"/> is not a P-384 public key.</exception>
    public static void CheckPublicKey(string secondaryPublicKey) => ImportPublicKey(secondaryPublicKey).Dispose();

    /// <exception cref="CofferError">400 when <paramref name="secondaryPublicKey"/> is not a P-384 public key.</exception>
    public static string Seal(JsonObject bundle, string secondaryPublicKey)
    {
        using var recipient = ImportPublicKey(secondaryPublicKey);
        using var ephemeral = NewKeyPair();
        var ephemeralPublic = ephemeral.ExportSubjectPublicKeyInfo();
        var key = ephemeral.DeriveKeyFromHash(recipient.PublicKey, HashAlgorithmName.SHA256, KeyLabel, null);
        var plaintext = JsonSerializer.SerializeToUtf8Bytes(bundle);
        var nonce = RandomNumberGenerator.GetBytes(AesGcm.NonceByteSizes.MaxSize);
        var sealedBytes = new byte[plaintext.Length + AesGcm.TagByteSizes.MaxSize];
        try
        {
            using var aes = new AesGcm(key, AesGcm.TagByteSizes.MaxSize);
            aes.Encrypt(nonce, plaintext, sealedBytes.AsSpan(0, plaintext.Length), sealedBytes.AsSpan(plaintext.Length), ephemeralPublic);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
            CryptographicOperations.ZeroMemory(plaintext);
        }
        return Prefix + string.Join('.', Base64Url.EncodeToString(ephemeralPublic), Base64Url.EncodeToString(nonce),
            Base64Url.EncodeToString(sealedBytes));
    }

    /// <summary>The bundle sealed in <paramref name="token"/>; null when it was not sealed to <paramref name="keyPair"/> or is damaged.</summary>
    public static JsonObject? Open(string token, ECDiffieHellman keyPair)
    {
        var parts = IsSealed(token) ? token[Prefix.Length..].Split('.') : [];
        if (parts.Length != 3)
        {
            return null;
        }
        byte[]? key = null;
        try
        {
            var ephemeralPublic = Base64Url.DecodeFromChars(parts[0]);
            var nonce = Base64Url.DecodeFromChars(parts[1]);
            var sealedBytes = Base64Url.DecodeFromChars(parts[2]);
            if (nonce.Length != AesGcm.NonceByteSizes.MaxSize || sealedBytes.Length < AesGcm.TagByteSizes.MaxSize)
            {
                return null;
            }
            using var ephemeral = ECDiffieHellman.Create();
            ephemeral.ImportSubjectPublicKeyInfo(ephemeralPublic, out _);
            key = keyPair.DeriveKeyFromHash(ephemeral.PublicKey, HashAlgorithmName.SHA256, KeyLabel, null);
            var cipherLength = sealedBytes.Length - AesGcm.TagByteSizes.MaxSize;
            var plaintext = new byte[cipherLength];
            using var aes = new AesGcm(key, AesGcm.TagByteSizes.MaxSize);
            aes.Decrypt(nonce, sealedBytes.AsSpan(0, cipherLength), sealedBytes.AsSpan(cipherLength), plaintext, ephemeralPublic);
            try
            {
                return JsonNode.Parse(plaintext) as JsonObject;
            }
            finally
            {
                CryptographicOperations.ZeroMemory(plaintext);
            }
        }
        catch (Exception e) when (e is FormatException or CryptographicException or ArgumentException or JsonException)
        {
            return null;
        }
        finally
        {
            if (key is not null)
            {
                CryptographicOperations.ZeroMemory(key);
            }
        }
    }

    private static ECDiffieHellman ImportPublicKey(string secondaryPublicKey)
    {
        var keyPair = ECDiffieHellman.Create();
        try
        {
            keyPair.ImportSubjectPublicKeyInfo(Convert.FromBase64String(secondaryPublicKey.Trim()), out _);
            if (keyPair.KeySize != 384)
            {
                throw new CryptographicException("not a P-384 key");
            }
            return keyPair;
        }
        catch (Exception e) when (e is FormatException or CryptographicException)
        {
            keyPair.Dispose();
            throw CofferError.BadRequest("secondary_public_key is not a public key from generate-public-key");
        }
    }
}
