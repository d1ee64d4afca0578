using Coffer.Core.Routing;

namespace Coffer.Core.Tests.Engines;

public sealed class KvV2SubkeysTests
{
    private const string Secret = """{"a":"x","b":{"c":1,"d":{"e":true},"empty":{}},"f":[1,2]}""";

    [Theory]
    [InlineData(null, """{"a":null,"b":{"c":null,"d":{"e":null},"empty":null},"f":null}""")]
    [InlineData("0", """{"a":null,"b":{"c":null,"d":{"e":null},"empty":null},"f":null}""")]
    [InlineData("1", """{"a":null,"b":null,"f":null}""")]
    [InlineData("2", """{"a":null,"b":{"c":null,"d":null,"empty":null},"f":null}""")]
    public async Task LeavesBecomeNullDownToTheDepth(string? depth, string expected)
    {
        var kv = await KvV2Fixture.CreateAsync();
        await kv.WriteAsync("k", Secret);
        var query = depth is null ? null : $$"""{"depth":"{{depth}}"}""";
        var response = await kv.SendAsync(Operation.Read, "subkeys/k", query);
        Assert.Equal(expected, response!.Data!["subkeys"]!.ToJsonString());
        Assert.Equal(1, response.Data["metadata"]!["version"]!.GetValue<long>());
    }

    [Fact]
    public async Task SubkeysFollowTheRequestedVersionAndDeletion()
    {
        var kv = await KvV2Fixture.CreateAsync();
        await kv.WriteAsync("k", """{"old":1}""");
        await kv.WriteAsync("k", """{"new":1}""");
        var first = await kv.SendAsync(Operation.Read, "subkeys/k", """{"version":"1"}""");
        Assert.Equal("""{"old":null}""", first!.Data!["subkeys"]!.ToJsonString());
        await kv.SendAsync(Operation.Delete, "data/k");
        var gone = await kv.SendAsync(Operation.Read, "subkeys/k");
        Assert.Equal(404, gone!.StatusCode);
        Assert.Null(gone.Data!["subkeys"]);
        Assert.Null(await kv.SendAsync(Operation.Read, "subkeys/missing"));
        var error = await kv.FailsAsync(Operation.Read, "subkeys/k", """{"depth":"-1"}""");
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, error.Status);
    }
}
