using System.Net;
using System.Text.Json.Nodes;
using Coffer.Core.Engines.Transit;
using Coffer.Core.Routing;

namespace Coffer.Core.Tests.Transit;

public sealed class TransitEd25519Tests
{
    private static readonly string Input = TransitFixture.B64("document to sign");

    // RFC 8032 §7.1, TEST 1 to TEST 3: secret key (seed), public key, message, signature.
    [Theory]
    [InlineData("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
        "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "",
        "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b")]
    [InlineData("4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
        "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", "72",
        "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00")]
    [InlineData("c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
        "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025", "af82",
        "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a")]
    public void Rfc8032VectorsSignAndVerify(string seed, string publicKey, string message, string signature)
    {
        var seedBytes = Convert.FromHexString(seed);
        var messageBytes = Convert.FromHexString(message);
        Assert.Equal(publicKey, Convert.ToHexStringLower(TransitEd25519.PublicKey(seedBytes)));
        Assert.Equal(signature, Convert.ToHexStringLower(TransitEd25519.Sign(seedBytes, messageBytes)));
        Assert.True(TransitEd25519.Verify(Convert.FromHexString(publicKey), messageBytes, Convert.FromHexString(signature)));

        var tampered = Convert.FromHexString(signature);
        tampered[0] ^= 1;
        Assert.False(TransitEd25519.Verify(Convert.FromHexString(publicKey), messageBytes, tampered));
        Assert.False(TransitEd25519.Verify(Convert.FromHexString(publicKey), [.. messageBytes, 0], Convert.FromHexString(signature)));
        Assert.False(TransitEd25519.Verify(Convert.FromHexString(publicKey), messageBytes, tampered[..63]));
    }

    [Fact]
    public async Task KeySignsAndThePublicKeyFromReadVerifies()
    {
        var t = await TransitFixture.StartAsync();
        await t.SendAsync(Operation.Update, "keys/ed", """{"type":"ed25519"}""");
        var signature = await SignAsync(t, "sign/ed", Input);
        Assert.True(await VerifyAsync(t, "verify/ed", Input, signature));
        Assert.False(await VerifyAsync(t, "verify/ed", TransitFixture.B64("forged"), signature));

        var key = (await t.SendAsync(Operation.Read, "keys/ed"))!.Data!;
        Assert.Equal("ed25519", key["type"]!.GetValue<string>());
        Assert.True(key["supports_signing"]!.GetValue<bool>());
        Assert.True(key["supports_derivation"]!.GetValue<bool>());
        Assert.False(key["supports_encryption"]!.GetValue<bool>());
        var version = key["keys"]!["1"]!;
        Assert.Equal("ed25519", version["name"]!.GetValue<string>());
        var publicKey = Convert.FromBase64String(version["public_key"]!.GetValue<string>());
        Assert.Equal(32, publicKey.Length);
        var raw = Convert.FromBase64String(signature["vault:v1:".Length..]);
        Assert.True(TransitEd25519.Verify(publicKey, Convert.FromBase64String(Input), raw));
    }

    [Fact]
    public async Task DerivedKeySignsPerContextAndNeedsOne()
    {
        var t = await TransitFixture.StartAsync();
        await t.SendAsync(Operation.Update, "keys/ed", """{"type":"ed25519","derived":true}""");
        var alice = TransitFixture.B64("alice");
        var bob = TransitFixture.B64("bob");

        var missing = await Assert.ThrowsAsync<CofferError>(() => SignAsync(t, "sign/ed", Input));
        Assert.Contains("missing 'context'", missing.Errors[0]);

        // Same context: same key pair, and ed25519 is deterministic, so the same signature.
        var first = await SignAsync(t, "sign/ed", Input, alice);
        Assert.Equal(first, await SignAsync(t, "sign/ed", Input, alice));
        Assert.NotEqual(first, await SignAsync(t, "sign/ed", Input, bob));
        Assert.True(await VerifyAsync(t, "verify/ed", Input, first, alice));
        Assert.False(await VerifyAsync(t, "verify/ed", Input, first, bob));

        var withoutContext = (await t.SendAsync(Operation.Read, "keys/ed"))!.Data!;
        Assert.Equal("", withoutContext["keys"]!["1"]!["public_key"]!.GetValue<string>());
        var forAlice = (await t.SendAsync(Operation.Read, "keys/ed", $$"""{"context":"{{alice}}"}"""))!.Data!;
        var alicePublic = Convert.FromBase64String(forAlice["keys"]!["1"]!["public_key"]!.GetValue<string>());
        Assert.True(TransitEd25519.Verify(alicePublic, Convert.FromBase64String(Input), Convert.FromBase64String(first["vault:v1:".Length..])));
    }

    [Fact]
    public async Task ConvergentEd25519IsRefused()
    {
        var t = await TransitFixture.StartAsync();
        var refused = await Assert.ThrowsAsync<CofferError>(() =>
            t.SendAsync(Operation.Update, "keys/ed", """{"type":"ed25519","derived":true,"convergent_encryption":true}"""));
        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Null(await t.SendAsync(Operation.Read, "keys/ed"));
    }

    [Fact]
    public async Task ExportsSeedAndPublicKeyInVaultsFormat()
    {
        var t = await TransitFixture.StartAsync();
        await t.SendAsync(Operation.Update, "keys/ed", """{"type":"ed25519"}""");
        var publicKey = (await t.SendAsync(Operation.Read, "export/public-key/ed"))!.Data!["keys"]!["1"]!.GetValue<string>();
        var refused = await Assert.ThrowsAsync<CofferError>(() => t.SendAsync(Operation.Read, "export/signing-key/ed"));
        Assert.Equal("private key material is not exportable", refused.Errors[0]);

        await t.WriteAsync("keys/ed/config", """{"exportable":true}""");
        var exported = Convert.FromBase64String((await t.SendAsync(Operation.Read, "export/signing-key/ed/1"))!.Data!["keys"]!["1"]!.GetValue<string>());
        Assert.Equal(64, exported.Length);
        Assert.Equal(publicKey, Convert.ToBase64String(exported[32..]));
        Assert.Equal(exported[32..], TransitEd25519.PublicKey(exported[..32]));

        // The exported seed signs exactly what the engine signs.
        var signature = await SignAsync(t, "sign/ed", Input);
        Assert.Equal(signature, "vault:v1:" + Convert.ToBase64String(TransitEd25519.Sign(exported[..32], Convert.FromBase64String(Input))));
        await Assert.ThrowsAsync<CofferError>(() => t.SendAsync(Operation.Read, "export/encryption-key/ed"));
    }

    private static async Task<string> SignAsync(TransitFixture t, string path, string input, string? context = null)
    {
        var body = new JsonObject { ["input"] = input };
        if (context is not null)
        {
            body["context"] = context;
        }
        return (await t.WriteAsync(path, body.ToJsonString()))["signature"]!.GetValue<string>();
    }

    private static async Task<bool> VerifyAsync(TransitFixture t, string path, string input, string signature, string? context = null)
    {
        var body = new JsonObject { ["input"] = input, ["signature"] = signature };
        if (context is not null)
        {
            body["context"] = context;
        }
        return (await t.WriteAsync(path, body.ToJsonString()))["valid"]!.GetValue<bool>();
    }
}
