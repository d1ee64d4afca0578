using Coffer.Core.Engines.Transit;
using Coffer.Core.Routing;

namespace Coffer.Core.Tests.Transit;

/// <summary>
/// The parsed-policy cache and the AEAD pool must never serve stale or shared state: storage stays the truth.
/// </summary>
public sealed class TransitKeyCacheTests
{
    [Fact]
    public async Task ChangesWrittenBehindTheEngineAreSeenOnTheNextRequest()
    {
        var t = await TransitFixture.StartAsync();
        await t.SendAsync(Operation.Update, "keys/k");
        Assert.StartsWith("vault:v1:", await t.EncryptAsync("k", "warm the cache"));

        // A second engine over the same storage stands in for replication or another node rotating the key.
        var other = new TransitBackend(t.Storage);
        await other.HandleAsync(new Request { Operation = Operation.Update, Path = "transit/keys/k/rotate", MountRelativePath = "keys/k/rotate" }, default);

        var afterRotation = await t.EncryptAsync("k", "after rotation");
        Assert.StartsWith("vault:v2:", afterRotation);
        Assert.Equal("after rotation", await t.DecryptAsync("k", afterRotation));

        await t.WriteAsync("keys/k/config", """{"deletion_allowed":true}""");
        await t.SendAsync(Operation.Delete, "keys/k");
        await Assert.ThrowsAsync<CofferError>(() => t.EncryptAsync("k", "gone"));
    }

    [Fact]
    public async Task ReadsNeverSeeAChangeThatWasRefused()
    {
        var t = await TransitFixture.StartAsync();
        await t.SendAsync(Operation.Update, "keys/k");
        await t.EncryptAsync("k", "warm the cache");
        await Assert.ThrowsAsync<CofferError>(() => t.SendAsync(Operation.Update, "keys/k/config", """{"min_decryption_version":5}"""));
        var key = (await t.SendAsync(Operation.Read, "keys/k"))!.Data!;
        Assert.Equal(1, key["min_decryption_version"]!.GetValue<int>());
        Assert.Equal(1, key["latest_version"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("aes256-gcm96")]
    [InlineData("chacha20-poly1305")]
    public async Task ConcurrentRequestsEachGetTheirOwnCipher(string type)
    {
        var t = await TransitFixture.StartAsync();
        await t.SendAsync(Operation.Update, "keys/k", $$"""{"type":"{{type}}"}""");
        await Parallel.ForEachAsync(Enumerable.Range(0, 400), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, _) =>
        {
            var text = "message " + i;
            var ciphertext = await t.EncryptAsync("k", text);
            Assert.Equal(text, await t.DecryptAsync("k", ciphertext));
            if (i % 7 == 0)
            {
                // A failed open must not poison the pooled instance for the next caller.
                var blob = Convert.FromBase64String(ciphertext["vault:v1:".Length..]);
                blob[^1] ^= 1;
                await Assert.ThrowsAsync<CofferError>(() => t.DecryptAsync("k", "vault:v1:" + Convert.ToBase64String(blob)));
            }
        });
    }
}
