using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Coffer.Core.Routing;

namespace Coffer.Core.Tests.Transit;

public sealed class TransitSigningTests
{
    private static readonly string Input = TransitFixture.B64("document to sign");

    [Theory]
    [InlineData("ecdsa-p256", "")]
    [InlineData("ecdsa-p384", "/sha2-384")]
    [InlineData("rsa-2048", "/sha2-512")]
    [InlineData("rsa-3072", "")]
    [InlineData("rsa-4096", "")]
    public async Task SignaturesVerifyAndOtherInputDoesNot(string type, string algorithm)
    {
        var t = await TransitFixture.StartAsync();
        await t.SendAsync(Operation.Update, "keys/s", $$"""{"type":"{{type}}"}""");
        var signature = await SignAsync(t, "sign/s" + algorithm, Input);
        Assert.StartsWith("vault:v1:", signature);
        Assert.True(await VerifyAsync(t, "verify/s" + algorithm, Input, signature));
        Assert.False(await VerifyAsync(t, "verify/s" + algorithm, TransitFixture.B64("forged"), signature));

        var key = (await t.SendAsync(Operation.Read, "keys/s"))!.Data!;
        Assert.True(key["supports_signing"]!.GetValue<bool>());
        // Vault's RSA keys also encrypt (OAEP); ECDSA keys only sign.
        Assert.Equal(type.StartsWith("rsa", StringComparison.Ordinal), key["supports_encryption"]!.GetValue<bool>());
        Assert.StartsWith("-----BEGIN PUBLIC KEY-----", key["keys"]!["1"]!["public_key"]!.GetValue<string>());
        Assert.DoesNotContain("PRIVATE", key.ToJsonString());
    }

    [Fact]
    public async Task PublicKeyFromReadVerifiesAnEcdsaSignature()
    {
        var t = await TransitFixture.StartAsync();
        await t.SendAsync(Operation.Update, "keys/s", """{"type":"ecdsa-p256"}""");
        var signature = Convert.FromBase64String((await SignAsync(t, "sign/s", Input))["vault:v1:".Length..]);
        using var ecdsa = ECDsa.Create();
        ecdsa.ImportFromPem((await t.SendAsync(Operation.Read, "keys/s"))!.Data!["keys"]!["1"]!["public_key"]!.GetValue<string>());
        Assert.True(ecdsa.VerifyData(Convert.FromBase64String(Input), signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
    }

    [Fact]
    public async Task RsaPaddingChoiceMatters()
    {
        var t = await TransitFixture.StartAsync();
        await t.SendAsync(Operation.Update, "keys/r", """{"type":"rsa-2048"}""");
        var pkcs1 = await SignAsync(t, "sign/r", Input, "pkcs1v15");
        Assert.True(await VerifyAsync(t, "verify/r", Input, pkcs1, "pkcs1v15"));
        Assert.False(await VerifyAsync(t, "verify/r", Input, pkcs1, "pss"));
    }

    [Fact]
    public async Task RotationAndMinDecryptionVersionApplyToSignatures()
    {
        var t = await TransitFixture.StartAsync();
        await t.SendAsync(Operation.Update, "keys/s", """{"type":"ecdsa-p256"}""");
        var v1 = await SignAsync(t, "sign/s", Input);
        await t.WriteAsync("keys/s/rotate");
        var v2 = await SignAsync(t, "sign/s", Input);
        Assert.StartsWith("vault:v2:", v2);
        Assert.True(await VerifyAsync(t, "verify/s", Input, v1));
        await t.WriteAsync("keys/s/config", """{"min_decryption_version":2}""");
        var refused = await Assert.ThrowsAsync<CofferError>(() => VerifyAsync(t, "verify/s", Input, v1));
        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
    }

    [Fact]
    public async Task SigningAndEncryptionKeysRefuseEachOthersOperations()
    {
        var t = await TransitFixture.StartAsync();
        await t.SendAsync(Operation.Update, "keys/s", """{"type":"ecdsa-p256"}""");
        await t.SendAsync(Operation.Update, "keys/e");
        await Assert.ThrowsAsync<CofferError>(() => t.EncryptAsync("s", "x"));
        await Assert.ThrowsAsync<CofferError>(() => SignAsync(t, "sign/e", Input));
        await Assert.ThrowsAsync<CofferError>(() => t.SendAsync(Operation.Update, "keys/d", """{"type":"ecdsa-p256","derived":true}"""));
        Assert.False(await VerifyAsync(t, "verify/s", Input, "vault:v1:AAAA"));
    }

    [Fact]
    public async Task SigningKeyExportsOnlyWhenExportable()
    {
        var t = await TransitFixture.StartAsync();
        await t.SendAsync(Operation.Update, "keys/s", """{"type":"ecdsa-p384"}""");
        await Assert.ThrowsAsync<CofferError>(() => t.SendAsync(Operation.Read, "export/signing-key/s"));
        await t.WriteAsync("keys/s/config", """{"exportable":true}""");
        await Assert.ThrowsAsync<CofferError>(() => t.SendAsync(Operation.Read, "export/encryption-key/s"));
        var pem = (await t.SendAsync(Operation.Read, "export/signing-key/s"))!.Data!["keys"]!["1"]!.GetValue<string>();
        using var ecdsa = ECDsa.Create();
        ecdsa.ImportFromPem(pem);
        var signature = ecdsa.SignData(Convert.FromBase64String(Input), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        Assert.True(await VerifyAsync(t, "verify/s", Input, "vault:v1:" + Convert.ToBase64String(signature)));
    }

    private static async Task<string> SignAsync(TransitFixture t, string path, string input, string? padding = null)
    {
        var body = new JsonObject { ["input"] = input };
        if (padding is not null)
        {
            body["signature_algorithm"] = padding;
        }
        return (await t.WriteAsync(path, body.ToJsonString()))["signature"]!.GetValue<string>();
    }

    private static async Task<bool> VerifyAsync(TransitFixture t, string path, string input, string signature, string? padding = null)
    {
        var body = new JsonObject { ["input"] = input, ["signature"] = signature };
        if (padding is not null)
        {
            body["signature_algorithm"] = padding;
        }
        return (await t.WriteAsync(path, body.ToJsonString()))["valid"]!.GetValue<bool>();
    }
}
