using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Coffer.Core.Routing;

namespace Coffer.Core.Tests.Transit;

public sealed class TransitAsymmetricFormatTests
{
    private static readonly string Input = TransitFixture.B64("document to sign");

    [Fact]
    public async Task RsaKeyEncryptsWithOaepSha256()
    {
        var t = await TransitFixture.StartAsync();
        await t.SendAsync(Operation.Update, "keys/r", """{"type":"rsa-2048","exportable":true}""");
        var ciphertext = await t.EncryptAsync("r", "for rsa");
        Assert.Equal("for rsa", await t.DecryptAsync("r", ciphertext));

        // The exported key is PKCS#1 PEM and opens the ciphertext with OAEP-SHA256 outside the engine.
        var pem = (await t.SendAsync(Operation.Read, "export/encryption-key/r/1"))!.Data!["keys"]!["1"]!.GetValue<string>();
        Assert.StartsWith("-----BEGIN RSA PRIVATE KEY-----", pem);
        Assert.Equal(pem, (await t.SendAsync(Operation.Read, "export/signing-key/r/1"))!.Data!["keys"]!["1"]!.GetValue<string>());
        using var rsa = RSA.Create();
        rsa.ImportFromPem(pem);
        var raw = Convert.FromBase64String(ciphertext["vault:v1:".Length..]);
        Assert.Equal("for rsa", System.Text.Encoding.UTF8.GetString(rsa.Decrypt(raw, RSAEncryptionPadding.OaepSHA256)));

        raw[^1] ^= 1;
        var tampered = await Assert.ThrowsAsync<CofferError>(() => t.DecryptAsync("r", "vault:v1:" + Convert.ToBase64String(raw)));
        Assert.StartsWith("failed to RSA decrypt the ciphertext", tampered.Errors[0]);
        var tooLong = await Assert.ThrowsAsync<CofferError>(() => t.EncryptAsync("r", new string('x', 300)));
        Assert.StartsWith("failed to RSA encrypt the plaintext", tooLong.Errors[0]);
        await Assert.ThrowsAsync<CofferError>(() => t.SendAsync(Operation.Update, "keys/rd", """{"type":"rsa-2048","derived":true}"""));
    }

    [Fact]
    public async Task EcdsaP521SignsAndExportsSec1AndPkix()
    {
        var t = await TransitFixture.StartAsync();
        await t.SendAsync(Operation.Update, "keys/p", """{"type":"ecdsa-p521"}""");
        var signature = (await t.WriteAsync("sign/p/sha2-512", $$"""{"input":"{{Input}}"}"""))["signature"]!.GetValue<string>();
        Assert.True((await t.WriteAsync("verify/p/sha2-512", $$"""{"input":"{{Input}}","signature":"{{signature}}"}"""))["valid"]!.GetValue<bool>());

        var version = (await t.SendAsync(Operation.Read, "keys/p"))!.Data!["keys"]!["1"]!;
        Assert.Equal("P-521", version["name"]!.GetValue<string>());
        var readPem = version["public_key"]!.GetValue<string>();
        Assert.EndsWith("-----END PUBLIC KEY-----\n", readPem);
        var exportedPublic = (await t.SendAsync(Operation.Read, "export/public-key/p"))!.Data!["keys"]!["1"]!.GetValue<string>();
        Assert.Equal(readPem.TrimEnd(), exportedPublic);

        using var verifier = ECDsa.Create();
        verifier.ImportFromPem(exportedPublic);
        Assert.Equal(521, verifier.KeySize);
        Assert.True(verifier.VerifyData(Convert.FromBase64String(Input), Convert.FromBase64String(signature["vault:v1:".Length..]),
            HashAlgorithmName.SHA512, DSASignatureFormat.Rfc3279DerSequence));

        await t.WriteAsync("keys/p/config", """{"exportable":true}""");
        var privatePem = (await t.SendAsync(Operation.Read, "export/signing-key/p"))!.Data!["keys"]!["1"]!.GetValue<string>();
        Assert.StartsWith("-----BEGIN EC PRIVATE KEY-----", privatePem);
        using var signer = ECDsa.Create();
        signer.ImportFromPem(privatePem);
        Assert.Equal(verifier.ExportSubjectPublicKeyInfo(), signer.ExportSubjectPublicKeyInfo());
    }

    [Theory]
    [InlineData("ecdsa-p256")]
    [InlineData("ed25519")]
    [InlineData("rsa-2048")]
    [InlineData("aes256-gcm96")]
    public async Task HmacVerifyWorksForEveryKeyType(string type)
    {
        var t = await TransitFixture.StartAsync();
        await t.SendAsync(Operation.Update, "keys/k", $$"""{"type":"{{type}}"}""");
        var hmac = (await t.WriteAsync("hmac/k", $$"""{"input":"{{Input}}"}"""))["hmac"]!.GetValue<string>();
        Assert.True((await t.WriteAsync("verify/k", $$"""{"input":"{{Input}}","hmac":"{{hmac}}"}"""))["valid"]!.GetValue<bool>());
        Assert.False((await t.WriteAsync("verify/k", $$"""{"input":"{{TransitFixture.B64("other")}}","hmac":"{{hmac}}"}"""))["valid"]!.GetValue<bool>());
        var batch = new JsonObject { ["batch_input"] = new JsonArray(new JsonObject { ["input"] = Input, ["hmac"] = hmac }) };
        Assert.True((await t.WriteAsync("verify/k", batch.ToJsonString()))["batch_results"]![0]!["valid"]!.GetValue<bool>());
    }

    [Fact]
    public async Task JwsMarshalingGivesRawBase64UrlSignatures()
    {
        var t = await TransitFixture.StartAsync();
        await t.SendAsync(Operation.Update, "keys/p", """{"type":"ecdsa-p256"}""");
        var signature = (await t.WriteAsync("sign/p", $$"""{"input":"{{Input}}","marshaling_algorithm":"jws"}"""))["signature"]!.GetValue<string>();
        var encoded = signature["vault:v1:".Length..];
        Assert.DoesNotContain('=', encoded);
        Assert.DoesNotContain('+', encoded);
        Assert.DoesNotContain('/', encoded);
        var raw = Convert.FromBase64String(encoded.Replace('-', '+').Replace('_', '/') + new string('=', (4 - encoded.Length % 4) % 4));
        Assert.Equal(64, raw.Length);

        using var verifier = ECDsa.Create();
        verifier.ImportFromPem((await t.SendAsync(Operation.Read, "keys/p"))!.Data!["keys"]!["1"]!["public_key"]!.GetValue<string>());
        Assert.True(verifier.VerifyData(Convert.FromBase64String(Input), raw, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));
        Assert.True((await t.WriteAsync("verify/p", $$"""{"input":"{{Input}}","signature":"{{signature}}","marshaling_algorithm":"jws"}"""))["valid"]!.GetValue<bool>());
        // Read as asn1, the unpadded base64url text is not a signature at all.
        var asAsn1 = await Assert.ThrowsAsync<CofferError>(() => t.SendAsync(Operation.Update, "verify/p", $$"""{"input":"{{Input}}","signature":"{{signature}}"}"""));
        Assert.Equal("invalid base64 signature value", asAsn1.Errors[0]);
        var bad = await Assert.ThrowsAsync<CofferError>(() => t.SendAsync(Operation.Update, "sign/p", $$"""{"input":"{{Input}}","marshaling_algorithm":"xml"}"""));
        Assert.Equal("invalid marshaling type \"xml\"", bad.Errors[0]);
    }

    [Theory]
    [InlineData("ecdsa-p384", "sha2-384")]
    [InlineData("rsa-2048", "sha2-256")]
    public async Task PrehashedInputIsSignedAsTheDigest(string type, string algorithm)
    {
        var t = await TransitFixture.StartAsync();
        await t.SendAsync(Operation.Update, "keys/k", $$"""{"type":"{{type}}"}""");
        var message = Convert.FromBase64String(Input);
        var digest = Convert.ToBase64String(algorithm == "sha2-384" ? SHA384.HashData(message) : SHA256.HashData(message));
        var prehashed = (await t.WriteAsync($"sign/k/{algorithm}", $$"""{"input":"{{digest}}","prehashed":true}"""))["signature"]!.GetValue<string>();
        // A signature over the digest verifies against the original message too.
        Assert.True((await t.WriteAsync($"verify/k/{algorithm}", $$"""{"input":"{{Input}}","signature":"{{prehashed}}"}"""))["valid"]!.GetValue<bool>());
        Assert.True((await t.WriteAsync($"verify/k/{algorithm}", $$"""{"input":"{{digest}}","signature":"{{prehashed}}","prehashed":true}"""))["valid"]!.GetValue<bool>());
    }

    [Fact]
    public async Task PrehashedEd25519IsRefused()
    {
        var t = await TransitFixture.StartAsync();
        await t.SendAsync(Operation.Update, "keys/ed", """{"type":"ed25519"}""");
        var refused = await Assert.ThrowsAsync<CofferError>(() =>
            t.SendAsync(Operation.Update, "sign/ed", $$"""{"input":"{{Input}}","prehashed":true}"""));
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, refused.Status);
    }
}
