using System.Security.Cryptography;

namespace Coffer.Core.Engines.Transit;

/// <summary>
/// How a sign or verify call treats its input and signature: the hash, RSA padding, whether the input already is
/// the digest (<c>prehashed</c>), and Vault's <c>marshaling_algorithm</c>: <c>asn1</c> (DER ECDSA signatures,
/// standard base64) or <c>jws</c> (r||s ECDSA signatures, unpadded base64url).
/// </summary>
public sealed record TransitSignatureOptions(HashAlgorithmName Hash, RSASignaturePadding Padding, bool Prehashed, bool Jws)
{
    public DSASignatureFormat EcdsaFormat => Jws ? DSASignatureFormat.IeeeP1363FixedFieldConcatenation : DSASignatureFormat.Rfc3279DerSequence;

    public string Encode(byte[] signature) =>
        Jws ? Convert.ToBase64String(signature).TrimEnd('=').Replace('+', '-').Replace('/', '_') : Convert.ToBase64String(signature);

    /// <summary>Decodes the part after <c>vault:vN:</c>; a signature that does not decode is the caller's error.</summary>
    public byte[] Decode(string encoded)
    {
        var text = encoded;
        if (Jws)
        {
            text = encoded.Replace('-', '+').Replace('_', '/');
            text += new string('=', (4 - text.Length % 4) % 4);
        }
        try
        {
            return Convert.FromBase64String(text);
        }
        catch (FormatException)
        {
            throw CofferError.BadRequest("invalid base64 signature value");
        }
    }
}
