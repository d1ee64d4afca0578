using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Coffer.Core.Routing;

namespace Coffer.Core.Tests.Transit;

public sealed class TransitExportTests
{
    [Fact]
    public async Task NonExportableKeysNeverReturnMaterial()
    {
        var t = await TransitFixture.StartAsync();
        await t.SendAsync(Operation.Update, "keys/k");
        foreach (var type in new[] { "encryption-key", "hmac-key" })
        {
            var refused = await Assert.ThrowsAsync<CofferError>(() => t.SendAsync(Operation.Read, $"export/{type}/k"));
            Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        }
        Assert.Null(await t.SendAsync(Operation.Read, "export/encryption-key/missing"));
    }

    [Fact]
    public async Task ExportedEncryptionKeyOpensTheCiphertext()
    {
        var t = await TransitFixture.StartAsync();
        await t.SendAsync(Operation.Update, "keys/k", """{"exportable":true}""");
        await t.WriteAsync("keys/k/rotate");
        var ciphertext = await t.EncryptAsync("k", "exported");

        var keys = (await t.SendAsync(Operation.Read, "export/encryption-key/k"))!.Data!["keys"]!.AsObject();
        Assert.Equal(["1", "2"], keys.Select(k => k.Key));
        var key = Convert.FromBase64String(keys["2"]!.GetValue<string>());
        Assert.Equal(32, key.Length);

        var blob = Convert.FromBase64String(ciphertext["vault:v2:".Length..]);
        var plaintext = new byte[blob.Length - 28];
        using var aes = new AesGcm(key, 16);
        aes.Decrypt(blob.AsSpan(0, 12), blob.AsSpan(12, plaintext.Length), blob.AsSpan(blob.Length - 16), plaintext);
        Assert.Equal("exported", System.Text.Encoding.UTF8.GetString(plaintext));
    }

    [Fact]
    public async Task ExportedHmacKeyReproducesTheHmac()
    {
        var t = await TransitFixture.StartAsync();
        await t.SendAsync(Operation.Update, "keys/k");
        await t.WriteAsync("keys/k/config", """{"exportable":true}""");
        var input = TransitFixture.B64("mac me");
        var hmac = (await t.WriteAsync("hmac/k", new JsonObject { ["input"] = input }.ToJsonString()))["hmac"]!.GetValue<string>();
        var key = Convert.FromBase64String((await t.SendAsync(Operation.Read, "export/hmac-key/k/latest"))!.Data!["keys"]!["1"]!.GetValue<string>());
        Assert.Equal(hmac, "vault:v1:" + Convert.ToBase64String(HMACSHA256.HashData(key, Convert.FromBase64String(input))));
    }

    [Fact]
    public async Task ExportRejectsBadVersionsAndTypes()
    {
        var t = await TransitFixture.StartAsync();
        await t.SendAsync(Operation.Update, "keys/k", """{"exportable":true}""");
        await Assert.ThrowsAsync<CofferError>(() => t.SendAsync(Operation.Read, "export/encryption-key/k/2"));
        await Assert.ThrowsAsync<CofferError>(() => t.SendAsync(Operation.Read, "export/private-key/k"));
        await Assert.ThrowsAsync<CofferError>(() => t.SendAsync(Operation.Read, "export/signing-key/k"));
        Assert.Single((await t.SendAsync(Operation.Read, "export/encryption-key/k/1"))!.Data!["keys"]!.AsObject());
    }
}
