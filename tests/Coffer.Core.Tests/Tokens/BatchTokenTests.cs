using System.Security.Cryptography;
using Coffer.Core.Access;
using Coffer.Core.Routing;

namespace Coffer.Core.Tests.Tokens;

public sealed class BatchTokenTests
{
    [Fact]
    public async Task BatchTokensWorkWithoutBeingStored()
    {
        var h = await TokenHarness.StartAsync();
        var storedBefore = (await h.Barrier.ListAsync("sys/token/id/")).Count;
        var response = await h.SendAsync(Operation.Update, "create", """{"type":"batch","policies":["a"],"ttl":"20m"}""");
        var auth = response!.Auth!;
        var token = auth["client_token"]!.GetValue<string>();
        Assert.StartsWith("hvb.", token);
        Assert.True(token.Length > 60);
        Assert.Equal("", auth["accessor"]!.GetValue<string>());
        Assert.Equal("batch", auth["token_type"]!.GetValue<string>());
        Assert.False(auth["renewable"]!.GetValue<bool>());
        Assert.Equal(1200, auth["lease_duration"]!.GetValue<long>());
        Assert.Equal(storedBefore, (await h.Barrier.ListAsync("sys/token/id/")).Count);

        var data = await h.LookupAsync(token);
        Assert.Equal("batch", data["type"]!.GetValue<string>());
        Assert.Equal(token, data["id"]!.GetValue<string>());
        Assert.Equal(["a", "default"], ServiceTokenTests.Strings(data["policies"]));
        Assert.False(data["orphan"]!.GetValue<bool>());
        Assert.Equal(1200, data["ttl"]!.GetValue<long>());

        var entry = await h.Store.AuthenticateAsync(token, null);
        Assert.True(entry.IsBatch);
    }

    [Fact]
    public async Task BatchTokensCannotBeRenewedOrRevokedAndExpireOnTheirOwn()
    {
        var h = await TokenHarness.StartAsync();
        var token = await h.CreateAsync("""{"type":"batch","ttl":"10m","policies":["a"]}""");
        Assert.Equal("batch tokens cannot be renewed", (await h.FailsAsync(Operation.Update, "renew", $$"""{"token":"{{token}}"}""")).Message);
        Assert.Equal("batch tokens cannot be renewed", (await h.FailsAsync(Operation.Update, "renew-self", "{}", token)).Message);
        Assert.Equal("batch tokens cannot be revoked", (await h.FailsAsync(Operation.Update, "revoke", $$"""{"token":"{{token}}"}""")).Message);
        h.Clock.Advance(TimeSpan.FromMinutes(10));
        Assert.Null(await h.Store.LookupAsync(token));
    }

    [Fact]
    public async Task BatchChildrenDieWithTheirParentButOrphansDoNot()
    {
        var h = await TokenHarness.StartAsync();
        var parent = await h.CreateAsync("""{"policies":["a"]}""");
        var child = await h.CreateAsync("""{"type":"batch"}""", parent);
        var orphan = await h.CreateAsync("""{"type":"batch"}""", parent, "create-orphan");
        Assert.NotNull(await h.Store.LookupAsync(child));
        Assert.True((await h.Store.LookupAsync(orphan))!.IsOrphan);

        await h.SendAsync(Operation.Update, "revoke", $$"""{"token":"{{parent}}"}""");
        Assert.Null(await h.Store.LookupAsync(child));
        await Assert.ThrowsAsync<CofferError>(() => h.Store.AuthenticateAsync(child, null));
        Assert.NotNull(await h.Store.LookupAsync(orphan));
    }

    [Fact]
    public async Task TamperedOrForeignBatchTokensAreRejected()
    {
        var h = await TokenHarness.StartAsync();
        var token = await h.CreateAsync("""{"type":"batch","policies":["a"]}""");
        var flipped = token[..^3] + (token[^3] == 'A' ? 'B' : 'A') + token[^2..];
        Assert.Null(await h.Store.LookupAsync(flipped));
        Assert.Null(await h.Store.LookupAsync("hvb.!!notbase64"));
        Assert.Null(await h.Store.LookupAsync("hvb."));

        var other = await TokenHarness.StartAsync();
        Assert.Null(await other.Store.LookupAsync(token));
        Assert.NotEqual(
            await h.Barrier.GetAsync(TokenStore.BatchKeyPath),
            await other.Barrier.GetAsync(TokenStore.BatchKeyPath));
        Assert.Equal(32, (await h.Barrier.GetAsync(TokenStore.BatchKeyPath))!.Length);
    }

    [Fact]
    public async Task BatchTokensRefuseServiceOnlyFeatures()
    {
        var h = await TokenHarness.StartAsync();
        Assert.Equal("batch tokens cannot have \"explicit_max_ttl\" set",
            (await h.FailsAsync(Operation.Update, "create", """{"type":"batch","explicit_max_ttl":"1h"}""")).Message);
        Assert.Equal("batch tokens cannot have \"num_uses\" set",
            (await h.FailsAsync(Operation.Update, "create", """{"type":"batch","num_uses":2}""")).Message);
        Assert.Equal("batch tokens cannot have \"period\" set",
            (await h.FailsAsync(Operation.Update, "create", """{"type":"batch","period":"1h"}""")).Message);
        Assert.Equal("batch tokens cannot be root tokens",
            (await h.FailsAsync(Operation.Update, "create", """{"type":"batch","ttl":"1h"}""")).Message);
        var batch = await h.CreateAsync("""{"type":"batch","policies":["a"]}""");
        Assert.Equal("batch tokens cannot create more tokens", (await h.FailsAsync(Operation.Update, "create", "{}", batch)).Message);
        Assert.Equal("invalid 'token_type' value", (await h.FailsAsync(Operation.Update, "create", """{"type":"weird"}""")).Message);
    }

    [Fact]
    public void CodecRejectsAnotherKey()
    {
        var entry = new TokenEntry { Accessor = "", Policies = ["a"], Type = TokenType.Batch, ExpireTime = DateTimeOffset.UnixEpoch };
        using var codec = new BatchTokenCodec(RandomNumberGenerator.GetBytes(32));
        using var other = new BatchTokenCodec(RandomNumberGenerator.GetBytes(32));
        var token = codec.Encode(entry);
        Assert.Equal(["a"], codec.Decode(token)!.Policies);
        Assert.Null(other.Decode(token));
    }
}
