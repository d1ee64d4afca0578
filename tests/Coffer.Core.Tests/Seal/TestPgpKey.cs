using Org.BouncyCastle.Bcpg;
using Org.BouncyCastle.Bcpg.OpenPgp;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Security;

namespace Coffer.Core.Tests.Seal;

/// <summary>A fresh OpenPGP RSA key pair for tests: its public key as Vault's <c>pgp_key</c> takes it, and decryption.</summary>
internal sealed class TestPgpKey
{
    private readonly PgpPrivateKey _privateKey;

    private TestPgpKey(PgpPrivateKey privateKey, string publicKeyBase64, string fingerprint)
    {
        _privateKey = privateKey;
        PublicKeyBase64 = publicKeyBase64;
        Fingerprint = fingerprint;
    }

    /// <summary>Base64 of the binary public key ring.</summary>
    public string PublicKeyBase64 { get; }

    public string Fingerprint { get; }

    public static TestPgpKey Generate()
    {
        var random = new SecureRandom();
        var generator = new RsaKeyPairGenerator();
        generator.Init(new RsaKeyGenerationParameters(BigInteger.ValueOf(65537), random, 2048, 12));
        var pair = new PgpKeyPair(PublicKeyAlgorithmTag.RsaGeneral, generator.GenerateKeyPair(), DateTime.UtcNow);
        var ring = new PgpKeyRingGenerator(PgpSignature.PositiveCertification, pair, "coffer-test <test@example.com>",
            SymmetricKeyAlgorithmTag.Aes256, "unused".ToCharArray(), true, null, null, random);
        var publicRing = ring.GeneratePublicKeyRing();
        return new TestPgpKey(pair.PrivateKey, Convert.ToBase64String(publicRing.GetEncoded()),
            Convert.ToHexStringLower(publicRing.GetPublicKey().GetFingerprint()));
    }

    /// <summary>Reads the literal data of an OpenPGP message encrypted to this key.</summary>
    public string Decrypt(byte[] message)
    {
        var factory = new PgpObjectFactory(PgpUtilities.GetDecoderStream(new MemoryStream(message)));
        var next = factory.NextPgpObject();
        var list = next as PgpEncryptedDataList ?? (PgpEncryptedDataList)factory.NextPgpObject();
        var encrypted = list.GetEncryptedDataObjects().OfType<PgpPublicKeyEncryptedData>().Single();
        using var clear = encrypted.GetDataStream(_privateKey);
        var literal = (PgpLiteralData)new PgpObjectFactory(clear).NextPgpObject();
        using var reader = new StreamReader(literal.GetInputStream());
        var text = reader.ReadToEnd();
        Assert.True(encrypted.Verify(), "the message's integrity check failed");
        return text;
    }
}
