using System.Net;
using Coffer.Core.Routing;

namespace Coffer.Core.Tests.Transit;

public sealed class TransitKeyTests
{
    [Fact]
    public async Task CreateReadListShowsTheSpecFieldsAndNoKeyMaterial()
    {
        var t = await TransitFixture.StartAsync();
        Assert.Null(await t.SendAsync(Operation.Update, "keys/app", """{"type":"aes128-gcm96"}"""));
        await t.SendAsync(Operation.Update, "keys/other");
        var data = (await t.SendAsync(Operation.Read, "keys/app"))!.Data!;

        Assert.Equal("aes128-gcm96", data["type"]!.GetValue<string>());
        Assert.False(data["deletion_allowed"]!.GetValue<bool>());
        Assert.False(data["derived"]!.GetValue<bool>());
        Assert.False(data["exportable"]!.GetValue<bool>());
        Assert.Equal(1, data["latest_version"]!.GetValue<int>());
        Assert.Equal(1, data["min_decryption_version"]!.GetValue<int>());
        Assert.Equal(0, data["min_encryption_version"]!.GetValue<int>());
        Assert.True(data["supports_encryption"]!.GetValue<bool>());
        Assert.False(data["supports_signing"]!.GetValue<bool>());
        var created = data["keys"]!["1"]!.GetValue<long>();
        Assert.InRange(created, DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeSeconds(), DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        Assert.DoesNotContain("\"key\"", data.ToJsonString());
        Assert.DoesNotContain("hmac_key", data.ToJsonString());

        var list = (await t.SendAsync(Operation.List, "keys/"))!.Data!["keys"]!.AsArray().Select(k => k!.GetValue<string>());
        Assert.Equal(["app", "other"], list);
        Assert.Null(await t.SendAsync(Operation.Read, "keys/missing"));
    }

    [Fact]
    public async Task DefaultTypeIsAes256AndUnknownTypeIsRejected()
    {
        var t = await TransitFixture.StartAsync();
        await t.SendAsync(Operation.Update, "keys/k");
        Assert.Equal("aes256-gcm96", (await t.SendAsync(Operation.Read, "keys/k"))!.Data!["type"]!.GetValue<string>());
        var bad = await Assert.ThrowsAsync<CofferError>(() => t.SendAsync(Operation.Update, "keys/x", """{"type":"des"}"""));
        Assert.Equal(HttpStatusCode.BadRequest, bad.Status);
        Assert.Null(await t.SendAsync(Operation.Read, "keys/x"));
    }

    [Fact]
    public async Task RecreatingAKeyKeepsItsMaterial()
    {
        var t = await TransitFixture.StartAsync();
        await t.SendAsync(Operation.Update, "keys/k");
        var ciphertext = await t.EncryptAsync("k", "hello");
        await t.SendAsync(Operation.Update, "keys/k", """{"type":"chacha20-poly1305"}""");
        Assert.Equal("hello", await t.DecryptAsync("k", ciphertext));
        Assert.Equal("aes256-gcm96", (await t.SendAsync(Operation.Read, "keys/k"))!.Data!["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task DeletionNeedsDeletionAllowed()
    {
        var t = await TransitFixture.StartAsync();
        await t.SendAsync(Operation.Update, "keys/k");
        var refused = await Assert.ThrowsAsync<CofferError>(() => t.SendAsync(Operation.Delete, "keys/k"));
        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.NotNull(await t.SendAsync(Operation.Read, "keys/k"));

        await t.WriteAsync("keys/k/config", """{"deletion_allowed":"true"}""");
        Assert.Null(await t.SendAsync(Operation.Delete, "keys/k"));
        Assert.Null(await t.SendAsync(Operation.Read, "keys/k"));
        await Assert.ThrowsAsync<CofferError>(() => t.SendAsync(Operation.Delete, "keys/k"));
    }

    [Fact]
    public async Task ConfigValidatesVersionBoundsAndOneWayFlags()
    {
        var t = await TransitFixture.StartAsync();
        await t.SendAsync(Operation.Update, "keys/k", """{"exportable":true}""");
        await Assert.ThrowsAsync<CofferError>(() => t.SendAsync(Operation.Update, "keys/k/config", """{"min_decryption_version":2}"""));
        await Assert.ThrowsAsync<CofferError>(() => t.SendAsync(Operation.Update, "keys/k/config", """{"exportable":false}"""));
        await t.WriteAsync("keys/k/rotate");
        await t.WriteAsync("keys/k/rotate");
        await Assert.ThrowsAsync<CofferError>(() => t.SendAsync(Operation.Update, "keys/k/config", """{"min_decryption_version":3,"min_encryption_version":2}"""));
        var ok = await t.WriteAsync("keys/k/config", """{"min_decryption_version":2,"min_encryption_version":3}""");
        Assert.Equal(2, ok["min_decryption_version"]!.GetValue<int>());
        Assert.Equal(3, ok["min_encryption_version"]!.GetValue<int>());
        Assert.True(ok["exportable"]!.GetValue<bool>());
    }

    [Fact]
    public async Task RotateAddsAVersionAndUnknownKeysAreErrors()
    {
        var t = await TransitFixture.StartAsync();
        await t.SendAsync(Operation.Update, "keys/k");
        var rotated = await t.WriteAsync("keys/k/rotate");
        Assert.Equal(2, rotated["latest_version"]!.GetValue<int>());
        Assert.Equal(2, rotated["keys"]!.AsObject().Count);
        await Assert.ThrowsAsync<CofferError>(() => t.SendAsync(Operation.Update, "keys/none/rotate"));
        await Assert.ThrowsAsync<CofferError>(() => t.SendAsync(Operation.Update, "keys/none/config", """{"deletion_allowed":true}"""));
    }

    [Fact]
    public async Task KeyMaterialIsOnlyStoredEncrypted()
    {
        var t = await TransitFixture.StartAsync();
        await t.SendAsync(Operation.Update, "keys/findme");
        var raw = await t.Physical.GetAsync(t.Prefix + "policy/findme");
        Assert.NotNull(raw);
        var text = System.Text.Encoding.UTF8.GetString(raw);
        Assert.DoesNotContain("hmac_key", text);
        Assert.DoesNotContain("findme", text);
    }
}
