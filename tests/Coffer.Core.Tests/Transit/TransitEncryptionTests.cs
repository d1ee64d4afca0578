using System.Net;
using System.Text.Json.Nodes;
using Coffer.Core.Routing;

namespace Coffer.Core.Tests.Transit;

public sealed class TransitEncryptionTests
{
    [Theory]
    [InlineData("aes128-gcm96")]
    [InlineData("aes256-gcm96")]
    [InlineData("chacha20-poly1305")]
    public async Task EveryKeyTypeRoundTrips(string type)
    {
        var t = await TransitFixture.StartAsync();
        await t.SendAsync(Operation.Update, "keys/k", $$"""{"type":"{{type}}"}""");
        var ciphertext = await t.EncryptAsync("k", "the quick brown fox");
        Assert.StartsWith("vault:v1:", ciphertext);
        // nonce (12) + 19 bytes of ciphertext + tag (16)
        Assert.Equal(12 + 19 + 16, Convert.FromBase64String(ciphertext["vault:v1:".Length..]).Length);
        Assert.Equal("the quick brown fox", await t.DecryptAsync("k", ciphertext));
        Assert.NotEqual(ciphertext, await t.EncryptAsync("k", "the quick brown fox"));
    }

    [Fact]
    public async Task EmptyPlaintextRoundTripsButMissingPlaintextIsRejected()
    {
        var t = await TransitFixture.StartAsync();
        await t.SendAsync(Operation.Update, "keys/k");
        Assert.Equal("", await t.DecryptAsync("k", await t.EncryptAsync("k", "")));
        var missing = await Assert.ThrowsAsync<CofferError>(() => t.SendAsync(Operation.Update, "encrypt/k", "{}"));
        Assert.Equal(HttpStatusCode.BadRequest, missing.Status);
        await Assert.ThrowsAsync<CofferError>(() => t.SendAsync(Operation.Update, "encrypt/k", """{"plaintext":"not base64!"}"""));
    }

    [Fact]
    public async Task RotationKeepsOldCiphertextReadableAndEncryptsWithLatest()
    {
        var t = await TransitFixture.StartAsync();
        await t.SendAsync(Operation.Update, "keys/k");
        var v1 = await t.EncryptAsync("k", "old");
        await t.WriteAsync("keys/k/rotate");
        var v2 = await t.EncryptAsync("k", "new");
        Assert.StartsWith("vault:v1:", v1);
        Assert.StartsWith("vault:v2:", v2);
        Assert.Equal("old", await t.DecryptAsync("k", v1));
        Assert.Equal("new", await t.DecryptAsync("k", v2));

        var pinned = await t.WriteAsync("encrypt/k", $$"""{"plaintext":"{{TransitFixture.B64("x")}}","key_version":1}""");
        Assert.Equal(1, pinned["key_version"]!.GetValue<int>());
        await Assert.ThrowsAsync<CofferError>(() => t.SendAsync(Operation.Update, "encrypt/k", $$"""{"plaintext":"{{TransitFixture.B64("x")}}","key_version":3}"""));
    }

    [Fact]
    public async Task MinDecryptionVersionRefusesOlderCiphertext()
    {
        var t = await TransitFixture.StartAsync();
        await t.SendAsync(Operation.Update, "keys/k");
        var v1 = await t.EncryptAsync("k", "old");
        await t.WriteAsync("keys/k/rotate");
        await t.WriteAsync("keys/k/config", """{"min_decryption_version":2}""");
        var refused = await Assert.ThrowsAsync<CofferError>(() => t.DecryptAsync("k", v1));
        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Contains("disallowed by policy", refused.Message);
        Assert.Equal("new", await t.DecryptAsync("k", await t.EncryptAsync("k", "new")));
    }

    [Fact]
    public async Task MinEncryptionVersionRefusesOlderVersions()
    {
        var t = await TransitFixture.StartAsync();
        await t.SendAsync(Operation.Update, "keys/k");
        await t.WriteAsync("keys/k/rotate");
        await t.WriteAsync("keys/k/config", """{"min_encryption_version":2}""");
        await Assert.ThrowsAsync<CofferError>(() => t.SendAsync(Operation.Update, "encrypt/k", $$"""{"plaintext":"{{TransitFixture.B64("x")}}","key_version":1}"""));
        Assert.StartsWith("vault:v2:", await t.EncryptAsync("k", "x"));
    }

    [Fact]
    public async Task TamperedCiphertextFailsAuthentication()
    {
        var t = await TransitFixture.StartAsync();
        await t.SendAsync(Operation.Update, "keys/k");
        var ciphertext = await t.EncryptAsync("k", "secret data");
        var blob = Convert.FromBase64String(ciphertext["vault:v1:".Length..]);
        blob[14] ^= 0x01;
        var error = await Assert.ThrowsAsync<CofferError>(() => t.DecryptAsync("k", "vault:v1:" + Convert.ToBase64String(blob)));
        Assert.Equal(HttpStatusCode.BadRequest, error.Status);
        Assert.Contains("authentication failed", error.Message);
    }

    [Theory]
    [InlineData("nope:v1:AAAA", "invalid ciphertext: no prefix")]
    [InlineData("vault:vx:AAAA", "invalid ciphertext")]
    [InlineData("vault:v1:***", "invalid ciphertext: could not decode")]
    [InlineData("vault:v1:AAAA", "invalid ciphertext: too short")]
    [InlineData("vault:v9:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "invalid key version")]
    public async Task MalformedCiphertextIsABadRequest(string ciphertext, string message)
    {
        var t = await TransitFixture.StartAsync();
        await t.SendAsync(Operation.Update, "keys/k");
        var error = await Assert.ThrowsAsync<CofferError>(() => t.DecryptAsync("k", ciphertext));
        Assert.Equal(HttpStatusCode.BadRequest, error.Status);
        Assert.StartsWith(message, error.Message);
    }

    [Fact]
    public async Task CiphertextFromAnotherKeyDoesNotDecrypt()
    {
        var t = await TransitFixture.StartAsync();
        await t.SendAsync(Operation.Update, "keys/a");
        await t.SendAsync(Operation.Update, "keys/b");
        var ciphertext = await t.EncryptAsync("a", "for a only");
        await Assert.ThrowsAsync<CofferError>(() => t.DecryptAsync("b", ciphertext));
    }

    [Fact]
    public async Task RewrapMovesCiphertextToTheLatestVersion()
    {
        var t = await TransitFixture.StartAsync();
        await t.SendAsync(Operation.Update, "keys/k");
        var v1 = await t.EncryptAsync("k", "payload");
        await t.WriteAsync("keys/k/rotate");
        var rewrapped = await t.WriteAsync("rewrap/k", new JsonObject { ["ciphertext"] = v1 }.ToJsonString());
        var v2 = rewrapped["ciphertext"]!.GetValue<string>();
        Assert.StartsWith("vault:v2:", v2);
        Assert.Equal(2, rewrapped["key_version"]!.GetValue<int>());
        Assert.DoesNotContain("plaintext", rewrapped.ToJsonString());
        await t.WriteAsync("keys/k/config", """{"min_decryption_version":2}""");
        Assert.Equal("payload", await t.DecryptAsync("k", v2));
    }

    [Fact]
    public async Task MissingKeyIsABadRequestForDecryptAndUpdateOnlyEncrypt()
    {
        var t = await TransitFixture.StartAsync();
        await Assert.ThrowsAsync<CofferError>(() => t.DecryptAsync("none", "vault:v1:AAAA"));
        var update = await Assert.ThrowsAsync<CofferError>(() => t.EncryptAsync("none", "x"));
        Assert.Equal(HttpStatusCode.BadRequest, update.Status);
        Assert.Null(await t.SendAsync(Operation.Read, "keys/none"));
    }

    [Fact]
    public async Task EncryptAsCreateUpsertsTheKey()
    {
        var t = await TransitFixture.StartAsync();
        var request = new Request { Operation = Operation.Update, Path = "transit/encrypt/new", MountRelativePath = "encrypt/new" };
        Assert.False(await t.Backend.ExistsAsync(request, default));
        Assert.Null(await t.Backend.ExistsAsync(new Request { Operation = Operation.Update, Path = "x", MountRelativePath = "decrypt/new" }, default));

        var created = await t.WriteAsync("encrypt/new", $$"""{"plaintext":"{{TransitFixture.B64("hi")}}","type":"chacha20-poly1305"}""", Operation.Create);
        var key = (await t.SendAsync(Operation.Read, "keys/new"))!.Data!;
        Assert.Equal("chacha20-poly1305", key["type"]!.GetValue<string>());
        Assert.False(key["derived"]!.GetValue<bool>());
        Assert.Equal("hi", await t.DecryptAsync("new", created["ciphertext"]!.GetValue<string>()));
        Assert.True(await t.Backend.ExistsAsync(request, default));
    }

    [Fact]
    public async Task UpsertWithContextCreatesADerivedKey()
    {
        var t = await TransitFixture.StartAsync();
        var body = $$"""{"plaintext":"{{TransitFixture.B64("hi")}}","context":"{{TransitFixture.B64("ctx")}}"}""";
        var created = await t.WriteAsync("encrypt/d", body, Operation.Create);
        Assert.True((await t.SendAsync(Operation.Read, "keys/d"))!.Data!["derived"]!.GetValue<bool>());
        Assert.Equal("hi", await t.DecryptAsync("d", created["ciphertext"]!.GetValue<string>(), "ctx"));
    }
}
