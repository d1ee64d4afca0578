using System.Text;
using Coffer.Core.Routing;

namespace Coffer.Core.Tests.Transit;

public sealed class TransitToolsTests
{
    [Theory]
    [InlineData("sha2-224", "23097d223405d8228642a477bda255b32aadbce4bda0b3f7e36c9da7")]
    [InlineData("sha2-256", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")]
    [InlineData("sha2-384", "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7")]
    public async Task HashMatchesKnownVectors(string algorithm, string expected)
    {
        var t = await TransitFixture.StartAsync();
        var body = $$"""{"input":"{{TransitFixture.B64("abc")}}"}""";
        Assert.Equal(expected, (await t.WriteAsync("hash/" + algorithm, body))["sum"]!.GetValue<string>());
    }

    [Fact]
    public void Sha224HandlesMultiBlockInput()
    {
        // FIPS 180-2 example: the 448-bit message spills the length into a second block.
        var input = Encoding.ASCII.GetBytes("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq");
        Assert.Equal("75388b16512776cc5dba5da1fd890150b0c6455cb4f58b1952522525", Convert.ToHexStringLower(Coffer.Core.Engines.Transit.Sha224Digest.Compute(input)));
    }

    [Fact]
    public async Task HashDefaultsToSha256HexAndSupportsBase64()
    {
        var t = await TransitFixture.StartAsync();
        var input = TransitFixture.B64("abc");
        var sum = (await t.WriteAsync("hash", $$"""{"input":"{{input}}","format":"base64"}"""))["sum"]!.GetValue<string>();
        Assert.Equal(Convert.ToBase64String(Convert.FromHexString("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")), sum);
        await Assert.ThrowsAsync<CofferError>(() => t.SendAsync(Operation.Update, "hash/md5", $$"""{"input":"{{input}}"}"""));
        await Assert.ThrowsAsync<CofferError>(() => t.SendAsync(Operation.Update, "hash", $$"""{"input":"{{input}}","format":"raw"}"""));
    }

    [Fact]
    public async Task RandomReturnsTheRequestedLength()
    {
        var t = await TransitFixture.StartAsync();
        var base64 = (await t.WriteAsync("random/16"))["random_bytes"]!.GetValue<string>();
        Assert.Equal(16, Convert.FromBase64String(base64).Length);
        var hex = (await t.WriteAsync("random", """{"bytes":8,"format":"hex"}"""))["random_bytes"]!.GetValue<string>();
        Assert.Equal(16, hex.Length);
        Assert.Equal(32, Convert.FromBase64String((await t.WriteAsync("random"))["random_bytes"]!.GetValue<string>()).Length);
        await Assert.ThrowsAsync<CofferError>(() => t.SendAsync(Operation.Update, "random/0"));
        await Assert.ThrowsAsync<CofferError>(() => t.SendAsync(Operation.Update, "random/abc"));
    }
}
