using System.Security.Cryptography;

namespace Coffer.Core.Engines.Transit;

/// <summary>
/// ECDSA and RSA primitives for signing keys. Private keys are stored as PKCS#8 DER inside the policy (so only
/// ever through the barrier); ECDSA signatures are ASN.1 DER like Vault's default marshaling.
/// </summary>
public static class TransitSigner
{
    public static byte[] GeneratePrivateKey(TransitKeyType type)
    {
        switch (type)
        {
            case TransitKeyType.EcdsaP256 or TransitKeyType.EcdsaP384:
                using (var ecdsa = ECDsa.Create(Curve(type)))
                {
                    return ecdsa.ExportPkcs8PrivateKey();
                }
            default:
                using (var rsa = RSA.Create(RsaBits(type)))
                {
                    return rsa.ExportPkcs8PrivateKey();
                }
        }
    }

    public static string PublicKeyPem(TransitKeyType type, byte[] privateKey)
    {
        using var key = Load(type, privateKey);
        return key.ExportSubjectPublicKeyInfoPem() + "\n";
    }

    public static byte[] Sign(TransitKeyType type, byte[] privateKey, byte[] input, HashAlgorithmName hash, RSASignaturePadding padding)
    {
        using var key = Load(type, privateKey);
        return key switch
        {
            ECDsa ecdsa => ecdsa.SignData(input, hash, DSASignatureFormat.Rfc3279DerSequence),
            RSA rsa => rsa.SignData(input, hash, padding),
            _ => throw new InvalidOperationException("not a signing key"),
        };
    }

    public static bool Verify(TransitKeyType type, byte[] privateKey, byte[] input, byte[] signature, HashAlgorithmName hash, RSASignaturePadding padding)
    {
        using var key = Load(type, privateKey);
        try
        {
            return key switch
            {
                ECDsa ecdsa => ecdsa.VerifyData(input, signature, hash, DSASignatureFormat.Rfc3279DerSequence),
                RSA rsa => rsa.VerifyData(input, signature, hash, padding),
                _ => false,
            };
        }
        catch (CryptographicException)
        {
            // A malformed signature is simply not valid; it says nothing about the key.
            return false;
        }
    }

    private static AsymmetricAlgorithm Load(TransitKeyType type, byte[] privateKey)
    {
        AsymmetricAlgorithm key = type is TransitKeyType.EcdsaP256 or TransitKeyType.EcdsaP384 ? ECDsa.Create() : RSA.Create();
        key.ImportPkcs8PrivateKey(privateKey, out _);
        return key;
    }

    private static ECCurve Curve(TransitKeyType type) =>
        type == TransitKeyType.EcdsaP256 ? ECCurve.NamedCurves.nistP256 : ECCurve.NamedCurves.nistP384;

    private static int RsaBits(TransitKeyType type) => type switch
    {
        TransitKeyType.Rsa2048 => 2048,
        TransitKeyType.Rsa3072 => 3072,
        TransitKeyType.Rsa4096 => 4096,
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };
}
