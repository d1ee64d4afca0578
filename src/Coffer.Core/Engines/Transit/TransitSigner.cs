using System.Security.Cryptography;

namespace Coffer.Core.Engines.Transit;

/// <summary>
/// Asymmetric primitives. ECDSA and RSA private keys are stored as PKCS#8 DER inside the policy (so only ever
/// through the barrier); ed25519 keys as their 32-byte seed. ECDSA signatures are ASN.1 DER like Vault's default
/// marshaling. For ed25519 the caller passes the effective seed (already derived for a context when needed).
/// </summary>
public static class TransitSigner
{
    public static byte[] GeneratePrivateKey(TransitKeyType type)
    {
        if (type == TransitKeyType.Ed25519)
        {
            return RandomNumberGenerator.GetBytes(TransitEd25519.SeedSize);
        }
        if (TransitKeyTypes.IsEcdsa(type))
        {
            using var ecdsa = ECDsa.Create(Curve(type));
            return ecdsa.ExportPkcs8PrivateKey();
        }
        using var rsa = RSA.Create(RsaBits(type));
        return rsa.ExportPkcs8PrivateKey();
    }

    /// <summary>
    /// The <c>public_key</c> of a key read: PEM (PKIX, trailing newline) for ECDSA and RSA, raw base64 for ed25519.
    /// </summary>
    public static string PublicKeyText(TransitKeyType type, byte[] key)
    {
        if (type == TransitKeyType.Ed25519)
        {
            return Convert.ToBase64String(TransitEd25519.PublicKey(key));
        }
        using var loaded = Load(type, key);
        return loaded.ExportSubjectPublicKeyInfoPem() + "\n";
    }

    /// <summary><c>export/public-key</c>: like the key read, but Vault trims the ECDSA PEM.</summary>
    public static string PublicKeyExport(TransitKeyType type, byte[] key) =>
        TransitKeyTypes.IsEcdsa(type) ? PublicKeyText(type, key).TrimEnd() : PublicKeyText(type, key);

    /// <summary>
    /// <c>export/signing-key</c> (and RSA's <c>encryption-key</c>) in Vault's formats: SEC1 <c>EC PRIVATE KEY</c> PEM,
    /// PKCS#1 <c>RSA PRIVATE KEY</c> PEM, and base64 of seed||public for ed25519.
    /// </summary>
    public static string PrivateKeyExport(TransitKeyType type, byte[] key)
    {
        if (type == TransitKeyType.Ed25519)
        {
            return Convert.ToBase64String(TransitEd25519.ExpandedPrivateKey(key));
        }
        using var loaded = Load(type, key);
        return loaded switch
        {
            ECDsa ecdsa => new string(PemEncoding.Write("EC PRIVATE KEY", ecdsa.ExportECPrivateKey())),
            RSA rsa => new string(PemEncoding.Write("RSA PRIVATE KEY", rsa.ExportRSAPrivateKey())) + "\n",
            _ => throw new InvalidOperationException("not an asymmetric key"),
        };
    }

    public static byte[] Sign(TransitKeyType type, byte[] key, byte[] input, TransitSignatureOptions options)
    {
        if (type == TransitKeyType.Ed25519)
        {
            RefusePrehashedEd25519(options);
            return TransitEd25519.Sign(key, input);
        }
        using var loaded = Load(type, key);
        try
        {
            return (loaded, options.Prehashed) switch
            {
                (ECDsa ecdsa, false) => ecdsa.SignData(input, options.Hash, options.EcdsaFormat),
                (ECDsa ecdsa, true) => ecdsa.SignHash(input, options.EcdsaFormat),
                (RSA rsa, false) => rsa.SignData(input, options.Hash, options.Padding),
                (RSA rsa, true) => rsa.SignHash(input, options.Hash, options.Padding),
                _ => throw new InvalidOperationException("not a signing key"),
            };
        }
        catch (CryptographicException) when (options.Prehashed)
        {
            // RSA needs a digest of exactly the hash's length; anything else is a bad input.
            throw CofferError.BadRequest("invalid prehashed input: length does not match the hash algorithm");
        }
    }

    public static bool Verify(TransitKeyType type, byte[] key, byte[] input, byte[] signature, TransitSignatureOptions options)
    {
        if (type == TransitKeyType.Ed25519)
        {
            RefusePrehashedEd25519(options);
            return TransitEd25519.Verify(TransitEd25519.PublicKey(key), input, signature);
        }
        using var loaded = Load(type, key);
        try
        {
            return (loaded, options.Prehashed) switch
            {
                (ECDsa ecdsa, false) => ecdsa.VerifyData(input, signature, options.Hash, options.EcdsaFormat),
                (ECDsa ecdsa, true) => ecdsa.VerifyHash(input, signature, options.EcdsaFormat),
                (RSA rsa, false) => rsa.VerifyData(input, signature, options.Hash, options.Padding),
                (RSA rsa, true) => rsa.VerifyHash(input, signature, options.Hash, options.Padding),
                _ => false,
            };
        }
        catch (CryptographicException)
        {
            // A malformed signature is simply not valid; it says nothing about the key.
            return false;
        }
    }

    /// <summary>Pure ed25519 signs the message itself; signing a caller's digest (ed25519ph) is not offered.</summary>
    private static void RefusePrehashedEd25519(TransitSignatureOptions options)
    {
        if (options.Prehashed)
        {
            throw CofferError.BadRequest("prehashed input is not supported for ed25519 keys");
        }
    }

    /// <summary>RSA-OAEP with SHA-256, as Vault encrypts with RSA keys.</summary>
    public static byte[] RsaEncrypt(byte[] key, byte[] plaintext)
    {
        using var rsa = (RSA)Load(TransitKeyType.Rsa2048, key);
        try
        {
            return rsa.Encrypt(plaintext, RSAEncryptionPadding.OaepSHA256);
        }
        catch (CryptographicException)
        {
            throw CofferError.BadRequest("failed to RSA encrypt the plaintext: crypto/rsa: message too long for RSA key size");
        }
    }

    public static byte[] RsaDecrypt(byte[] key, byte[] ciphertext)
    {
        using var rsa = (RSA)Load(TransitKeyType.Rsa2048, key);
        try
        {
            return rsa.Decrypt(ciphertext, RSAEncryptionPadding.OaepSHA256);
        }
        catch (CryptographicException)
        {
            throw CofferError.BadRequest("failed to RSA decrypt the ciphertext: crypto/rsa: decryption error");
        }
    }

    /// <summary>Curve name shown in a key read's per-version <c>name</c>, as Vault reports it.</summary>
    public static string VersionName(TransitKeyType type) => type switch
    {
        TransitKeyType.EcdsaP256 => "P-256",
        TransitKeyType.EcdsaP384 => "P-384",
        TransitKeyType.EcdsaP521 => "P-521",
        _ => TransitKeyTypes.Name(type),
    };

    private static AsymmetricAlgorithm Load(TransitKeyType type, byte[] privateKey)
    {
        AsymmetricAlgorithm key = TransitKeyTypes.IsEcdsa(type) ? ECDsa.Create() : RSA.Create();
        key.ImportPkcs8PrivateKey(privateKey, out _);
        return key;
    }

    private static ECCurve Curve(TransitKeyType type) => type switch
    {
        TransitKeyType.EcdsaP256 => ECCurve.NamedCurves.nistP256,
        TransitKeyType.EcdsaP384 => ECCurve.NamedCurves.nistP384,
        TransitKeyType.EcdsaP521 => ECCurve.NamedCurves.nistP521,
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    private static int RsaBits(TransitKeyType type) => type switch
    {
        TransitKeyType.Rsa2048 => 2048,
        TransitKeyType.Rsa3072 => 3072,
        TransitKeyType.Rsa4096 => 4096,
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };
}
