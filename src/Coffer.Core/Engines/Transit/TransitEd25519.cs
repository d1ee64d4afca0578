using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;

namespace Coffer.Core.Engines.Transit;

/// <summary>
/// Ed25519 (RFC 8032, pure mode) over BouncyCastle, since .NET has no Ed25519 of its own. Keys are handled as the
/// 32-byte seed; Vault's wire forms are the raw 32-byte public key and the 64-byte seed||public private key.
/// </summary>
public static class TransitEd25519
{
    public const int SeedSize = 32;
    public const int SignatureSize = 64;

    public static byte[] PublicKey(byte[] seed) =>
        new Ed25519PrivateKeyParameters(seed, 0).GeneratePublicKey().GetEncoded();

    /// <summary>Go's <c>ed25519.PrivateKey</c> layout, which is what Vault exports: seed followed by public key.</summary>
    public static byte[] ExpandedPrivateKey(byte[] seed) => [.. seed, .. PublicKey(seed)];

    public static byte[] Sign(byte[] seed, byte[] message)
    {
        var signer = new Ed25519Signer();
        signer.Init(true, new Ed25519PrivateKeyParameters(seed, 0));
        signer.BlockUpdate(message, 0, message.Length);
        return signer.GenerateSignature();
    }

    public static bool Verify(byte[] publicKey, byte[] message, byte[] signature)
    {
        if (publicKey.Length != SeedSize || signature.Length != SignatureSize)
        {
            return false;
        }
        var verifier = new Ed25519Signer();
        verifier.Init(false, new Ed25519PublicKeyParameters(publicKey, 0));
        verifier.BlockUpdate(message, 0, message.Length);
        return verifier.VerifySignature(signature);
    }
}
