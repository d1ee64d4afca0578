using System.Security.Cryptography;

namespace Coffer.Core.Engines.Transit;

/// <summary>
/// AEAD sealing for one key version (RSA keys encrypt with OAEP instead, see <see cref="TransitSigner"/>). Derived keys are HKDF-SHA256(version key, info = context); convergent keys
/// take the nonce from an HMAC of the plaintext under the derived key, so equal (context, plaintext) pairs give
/// equal ciphertext while different plaintexts never share a nonce.
/// </summary>
public static class TransitCipher
{
    private const int NonceSize = 12;
    private const int TagSize = 16;

    public static byte[] Encrypt(TransitPolicy policy, int version, byte[] plaintext, byte[]? context)
    {
        if (!TransitKeyTypes.SupportsEncryption(policy.Type))
        {
            throw CofferError.BadRequest($"message encryption not supported for key type {TransitKeyTypes.Name(policy.Type)}");
        }
        if (TransitKeyTypes.IsRsa(policy.Type))
        {
            return TransitSigner.RsaEncrypt(policy.Versions[version].Key, plaintext);
        }
        var key = EffectiveKey(policy, version, context);
        var nonce = policy.ConvergentEncryption
            ? HMACSHA256.HashData(key, plaintext)[..NonceSize]
            : RandomNumberGenerator.GetBytes(NonceSize);
        var blob = new byte[NonceSize + plaintext.Length + TagSize];
        nonce.CopyTo(blob, 0);
        var ciphertext = blob.AsSpan(NonceSize, plaintext.Length);
        var tag = blob.AsSpan(NonceSize + plaintext.Length, TagSize);
        TransitAeadPool.Seal(policy.Type, key, pooled: !policy.Derived, nonce, plaintext, ciphertext, tag);
        return blob;
    }

    public static byte[] Decrypt(TransitPolicy policy, int version, byte[] blob, byte[]? context)
    {
        if (!TransitKeyTypes.SupportsEncryption(policy.Type))
        {
            throw CofferError.BadRequest($"message decryption not supported for key type {TransitKeyTypes.Name(policy.Type)}");
        }
        if (version < policy.MinDecryptionVersion)
        {
            throw CofferError.BadRequest("ciphertext or signature version is disallowed by policy (too old)");
        }
        if (version > policy.LatestVersion || !policy.Versions.ContainsKey(version))
        {
            throw CofferError.BadRequest("invalid key version");
        }
        if (TransitKeyTypes.IsRsa(policy.Type))
        {
            return TransitSigner.RsaDecrypt(policy.Versions[version].Key, blob);
        }
        if (blob.Length < NonceSize + TagSize)
        {
            throw CofferError.BadRequest("invalid ciphertext: too short");
        }
        var key = EffectiveKey(policy, version, context);
        var nonce = blob.AsSpan(0, NonceSize);
        var ciphertext = blob.AsSpan(NonceSize, blob.Length - NonceSize - TagSize);
        var tag = blob.AsSpan(blob.Length - TagSize);
        var plaintext = new byte[ciphertext.Length];
        try
        {
            TransitAeadPool.Open(policy.Type, key, pooled: !policy.Derived, nonce, ciphertext, tag, plaintext);
        }
        catch (AuthenticationTagMismatchException)
        {
            throw CofferError.BadRequest("cipher: message authentication failed");
        }
        return plaintext;
    }

    private static byte[] EffectiveKey(TransitPolicy policy, int version, byte[]? context)
    {
        var material = policy.Versions[version].Key;
        return policy.Derived ? TransitKeyDerivation.Derive(material, context, material.Length) : material;
    }

    /// <summary>Decodes a base64 request field; a bad value is the caller's error, not ours.</summary>
    public static byte[]? DecodeBase64(string? value, string field)
    {
        if (value is null)
        {
            return null;
        }
        try
        {
            return Convert.FromBase64String(value);
        }
        catch (FormatException)
        {
            throw CofferError.BadRequest($"failed to base64-decode {field}");
        }
    }
}
