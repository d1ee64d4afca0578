using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Coffer.Core.Routing;

namespace Coffer.Core.Tests.Transit;

public sealed class TransitHmacKeyTypeTests
{
    private static readonly string Input = TransitFixture.B64("mac me");

    [Theory]
    [InlineData(null, 32)]
    [InlineData(64, 64)]
    [InlineData(512, 512)]
    public async Task HmacKeyMacsWithItsOwnMaterialOfTheRequestedSize(int? keySize, int expectedSize)
    {
        var t = await TransitFixture.StartAsync();
        var body = new JsonObject { ["type"] = "hmac", ["exportable"] = true };
        if (keySize is not null)
        {
            body["key_size"] = keySize;
        }
        await t.SendAsync(Operation.Update, "keys/h", body.ToJsonString());
        var key = (await t.SendAsync(Operation.Read, "keys/h"))!.Data!;
        Assert.Equal("hmac", key["type"]!.GetValue<string>());
        Assert.Equal(expectedSize, key["key_size"]!.GetValue<int>());
        foreach (var capability in new[] { "supports_encryption", "supports_decryption", "supports_derivation", "supports_signing" })
        {
            Assert.False(key[capability]!.GetValue<bool>());
        }

        var material = Convert.FromBase64String((await t.SendAsync(Operation.Read, "export/hmac-key/h/1"))!.Data!["keys"]!["1"]!.GetValue<string>());
        Assert.Equal(expectedSize, material.Length);
        var hmac = (await t.WriteAsync("hmac/h/sha2-512", $$"""{"input":"{{Input}}"}"""))["hmac"]!.GetValue<string>();
        Assert.Equal("vault:v1:" + Convert.ToBase64String(HMACSHA512.HashData(material, Convert.FromBase64String(Input))), hmac);
        Assert.True((await t.WriteAsync("verify/h/sha2-512", $$"""{"input":"{{Input}}","hmac":"{{hmac}}"}"""))["valid"]!.GetValue<bool>());

        await t.WriteAsync("keys/h/rotate");
        var rotated = Convert.FromBase64String((await t.SendAsync(Operation.Read, "export/hmac-key/h/2"))!.Data!["keys"]!["2"]!.GetValue<string>());
        Assert.Equal(expectedSize, rotated.Length);
    }

    [Theory]
    [InlineData("""{"type":"hmac","key_size":31}""", "invalid key_size 31")]
    [InlineData("""{"type":"hmac","key_size":513}""", "invalid key_size 513")]
    [InlineData("""{"type":"aes256-gcm96","key_size":64}""", "key_size is not valid for algorithm aes256-gcm96")]
    [InlineData("""{"type":"hmac","derived":true}""", "key derivation and convergent encryption not supported for keys of type hmac")]
    public async Task BadCreationIsRefusedAndCreatesNothing(string body, string error)
    {
        var t = await TransitFixture.StartAsync();
        var refused = await Assert.ThrowsAsync<CofferError>(() => t.SendAsync(Operation.Update, "keys/h", body));
        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Equal(error, refused.Errors[0]);
        Assert.Null(await t.SendAsync(Operation.Read, "keys/h"));
    }

    [Fact]
    public async Task HmacKeyRefusesEverythingButHmac()
    {
        var t = await TransitFixture.StartAsync();
        await t.SendAsync(Operation.Update, "keys/h", """{"type":"hmac","exportable":true}""");
        var encrypt = await Assert.ThrowsAsync<CofferError>(() => t.EncryptAsync("h", "x"));
        Assert.Equal("message encryption not supported for key type hmac", encrypt.Errors[0]);
        var decrypt = await Assert.ThrowsAsync<CofferError>(() => t.DecryptAsync("h", "vault:v1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"));
        Assert.Equal("message decryption not supported for key type hmac", decrypt.Errors[0]);
        var sign = await Assert.ThrowsAsync<CofferError>(() => t.SendAsync(Operation.Update, "sign/h", $$"""{"input":"{{Input}}"}"""));
        Assert.Equal("key type hmac does not support signing", sign.Errors[0]);
        await Assert.ThrowsAsync<CofferError>(() => t.SendAsync(Operation.Update, "datakey/plaintext/h"));
        await Assert.ThrowsAsync<CofferError>(() => t.SendAsync(Operation.Read, "export/encryption-key/h"));
        await Assert.ThrowsAsync<CofferError>(() => t.SendAsync(Operation.Read, "export/signing-key/h"));
        await Assert.ThrowsAsync<CofferError>(() => t.SendAsync(Operation.Read, "export/public-key/h"));
    }
}
