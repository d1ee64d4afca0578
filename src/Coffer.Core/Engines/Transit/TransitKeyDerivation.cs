using System.Security.Cryptography;

namespace Coffer.Core.Engines.Transit;

/// <summary>
/// Per-context keys for derived policies: HKDF-SHA256 with the version's key material as input and the caller's
/// context as info. Used for AEAD keys and for ed25519 seeds, so one context always gives the same key.
/// </summary>
public static class TransitKeyDerivation
{
    public const string MissingContext =
        "missing 'context' for key derivation; the key was created using a derived key, which means additional, per-request information must be included in order to perform operations with the key";

    public static byte[] Derive(byte[] material, byte[]? context, int length)
    {
        if (context is null || context.Length == 0)
        {
            throw CofferError.BadRequest(MissingContext);
        }
        return HKDF.DeriveKey(HashAlgorithmName.SHA256, material, length, salt: [], info: context);
    }
}
