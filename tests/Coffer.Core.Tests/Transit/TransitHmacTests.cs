using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Coffer.Core.Routing;

namespace Coffer.Core.Tests.Transit;

public sealed class TransitHmacTests
{
    private static readonly string Input = TransitFixture.B64("message to authenticate");

    [Theory]
    [InlineData("sha2-256", 32)]
    [InlineData("sha2-384", 48)]
    [InlineData("sha2-512", 64)]
    public async Task HmacVerifiesAndRejectsOtherInput(string algorithm, int length)
    {
        var t = await TransitFixture.StartAsync();
        await t.SendAsync(Operation.Update, "keys/k");
        var hmac = (await t.WriteAsync($"hmac/k/{algorithm}", $$"""{"input":"{{Input}}"}"""))["hmac"]!.GetValue<string>();
        Assert.StartsWith("vault:v1:", hmac);
        Assert.Equal(length, Convert.FromBase64String(hmac["vault:v1:".Length..]).Length);

        Assert.True(await VerifyAsync(t, $"verify/k/{algorithm}", Input, hmac));
        Assert.False(await VerifyAsync(t, $"verify/k/{algorithm}", TransitFixture.B64("other"), hmac));
        Assert.False(await VerifyAsync(t, algorithm == "sha2-256" ? "verify/k/sha2-512" : "verify/k", Input, hmac));
    }

    [Fact]
    public async Task HmacUsesItsOwnKeyNotTheEncryptionKey()
    {
        var t = await TransitFixture.StartAsync();
        await t.SendAsync(Operation.Update, "keys/k");
        var hmac = (await t.WriteAsync("hmac/k", $$"""{"input":"{{Input}}"}"""))["hmac"]!.GetValue<string>();
        var other = await TransitFixture.StartAsync();
        await other.SendAsync(Operation.Update, "keys/k");
        Assert.False(await VerifyAsync(other, "verify/k", Input, hmac));
        Assert.NotEqual(hmac, (await other.WriteAsync("hmac/k", $$"""{"input":"{{Input}}"}"""))["hmac"]!.GetValue<string>());
    }

    [Fact]
    public async Task HmacFollowsRotationAndMinDecryptionVersion()
    {
        var t = await TransitFixture.StartAsync();
        await t.SendAsync(Operation.Update, "keys/k");
        var v1 = (await t.WriteAsync("hmac/k", $$"""{"input":"{{Input}}"}"""))["hmac"]!.GetValue<string>();
        await t.WriteAsync("keys/k/rotate");
        var v2 = (await t.WriteAsync("hmac/k", $$"""{"input":"{{Input}}"}"""))["hmac"]!.GetValue<string>();
        Assert.StartsWith("vault:v2:", v2);
        Assert.True(await VerifyAsync(t, "verify/k", Input, v1));
        await t.WriteAsync("keys/k/config", """{"min_decryption_version":2}""");
        var refused = await Assert.ThrowsAsync<CofferError>(() => VerifyAsync(t, "verify/k", Input, v1));
        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.True(await VerifyAsync(t, "verify/k", Input, v2));
    }

    [Fact]
    public async Task BatchHmacAndBadInputs()
    {
        var t = await TransitFixture.StartAsync();
        await t.SendAsync(Operation.Update, "keys/k");
        var batch = new JsonObject
        {
            ["batch_input"] = new JsonArray(new JsonObject { ["input"] = Input }, new JsonObject { ["input"] = "!!" }),
        };
        var results = (await t.WriteAsync("hmac/k", batch.ToJsonString()))["batch_results"]!.AsArray();
        Assert.StartsWith("vault:v1:", results[0]!["hmac"]!.GetValue<string>());
        Assert.NotNull(results[1]!["error"]);

        await Assert.ThrowsAsync<CofferError>(() => t.SendAsync(Operation.Update, "hmac/k/md5", $$"""{"input":"{{Input}}"}"""));
        await Assert.ThrowsAsync<CofferError>(() => t.SendAsync(Operation.Update, "hmac/missing", $$"""{"input":"{{Input}}"}"""));
        await Assert.ThrowsAsync<CofferError>(() => t.SendAsync(Operation.Update, "verify/k", $$"""{"input":"{{Input}}"}"""));
        await Assert.ThrowsAsync<CofferError>(() => VerifyAsync(t, "verify/k", Input, "vault:v1:" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(4)) + "***"));
    }

    private static async Task<bool> VerifyAsync(TransitFixture t, string path, string input, string hmac) =>
        (await t.WriteAsync(path, new JsonObject { ["input"] = input, ["hmac"] = hmac }.ToJsonString()))["valid"]!.GetValue<bool>();
}
