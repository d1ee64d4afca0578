using Org.BouncyCastle.Bcpg;
using Org.BouncyCastle.Bcpg.OpenPgp;
using Org.BouncyCastle.Security;

namespace Coffer.Core.Seal;

/// <summary>
/// The holder of the <c>pgp_key</c> given to a root-generation attempt: the generated token is encrypted to this
/// OpenPGP public key, so only the matching private key reads it. Vault passes the key as base64 of the binary
/// (or armored) key and reports the primary key's fingerprint as lowercase hex.
/// </summary>
public sealed class PgpTokenRecipient
{
    private readonly PgpPublicKey _encryptionKey;

    private PgpTokenRecipient(PgpPublicKey encryptionKey, string fingerprint)
    {
        _encryptionKey = encryptionKey;
        Fingerprint = fingerprint;
    }

    /// <summary>Hex fingerprint of the key ring's primary key (<c>pgp_fingerprint</c>).</summary>
    public string Fingerprint { get; }

    /// <exception cref="CofferError">400 when the value is not one OpenPGP public key that can encrypt.</exception>
    public static PgpTokenRecipient Parse(string base64Key)
    {
        PgpPublicKeyRing ring;
        try
        {
            var raw = Convert.FromBase64String(base64Key.Trim());
            using var input = PgpUtilities.GetDecoderStream(new MemoryStream(raw));
            var rings = new PgpPublicKeyRingBundle(input).GetKeyRings().ToList();
            if (rings.Count != 1)
            {
                throw CofferError.BadRequest("could not acquire PGP key entity");
            }
            ring = rings[0];
        }
        catch (Exception e) when (e is FormatException or IOException or PgpException)
        {
            throw CofferError.BadRequest("error parsing PGP key: the value must be a base64-encoded OpenPGP public key");
        }
        var keys = ring.GetPublicKeys().ToList();
        // A subkey meant for encryption is preferred over the primary key, as OpenPGP implementations do.
        var encryptionKey = keys.FirstOrDefault(k => !k.IsMasterKey && k.IsEncryptionKey && !k.HasRevocation())
                            ?? keys.FirstOrDefault(k => k.IsEncryptionKey && !k.HasRevocation())
                            ?? throw CofferError.BadRequest("could not acquire PGP key entity: the key has no encryption key");
        return new PgpTokenRecipient(encryptionKey, Convert.ToHexStringLower(ring.GetPublicKey().GetFingerprint()));
    }

    /// <summary>An OpenPGP message (binary, integrity-protected AES-256) carrying <paramref name="plaintext"/>.</summary>
    public byte[] Encrypt(byte[] plaintext)
    {
        var generator = new PgpEncryptedDataGenerator(SymmetricKeyAlgorithmTag.Aes256, true, new SecureRandom());
        generator.AddMethod(_encryptionKey);
        using var output = new MemoryStream();
        using (var encrypted = generator.Open(output, new byte[4096]))
        {
            var literal = new PgpLiteralDataGenerator();
            using var body = literal.Open(encrypted, PgpLiteralData.Binary, PgpLiteralData.Console, plaintext.Length, DateTime.UtcNow);
            body.Write(plaintext);
        }
        return output.ToArray();
    }
}
