using Coffer.Core.Routing;
using Coffer.Core.Tests.CoreFlow;

namespace Coffer.Core.Tests.Engines;

public sealed class KvV2CoreFlowTests
{
    [Theory]
    [InlineData("""{"type":"kv-v2"}""")]
    [InlineData("""{"type":"kv","options":{"version":"2"}}""")]
    public async Task VersionedMountWritesAndReadsThroughTheCore(string mountBody)
    {
        var core = await CoreHarness.StartAsync();
        await core.SendAsync(Operation.Update, "sys/mounts/kv2", mountBody);
        var written = await core.SendAsync(Operation.Update, "kv2/data/app", """{"data":{"k":"v1"}}""");
        Assert.Equal(1, written!.Data!["version"]!.GetValue<long>());
        await core.SendAsync(Operation.Update, "kv2/data/app", """{"data":{"k":"v2"},"options":{"cas":1}}""");

        var read = await core.SendAsync(Operation.Read, "kv2/data/app");
        Assert.Equal("v2", read!.Data!["data"]!["k"]!.GetValue<string>());
        var first = await core.SendAsync(Operation.Read, "kv2/data/app", """{"version":"1"}""");
        Assert.Equal("v1", first!.Data!["data"]!["k"]!.GetValue<string>());
        var metadata = await core.SendAsync(Operation.Read, "kv2/metadata/app");
        Assert.Equal(2, metadata!.Data!["current_version"]!.GetValue<long>());
        var list = await core.SendAsync(Operation.List, "kv2/metadata/");
        Assert.Equal(["app"], list!.Data!["keys"]!.AsArray().Select(k => k!.GetValue<string>()));
    }
}
