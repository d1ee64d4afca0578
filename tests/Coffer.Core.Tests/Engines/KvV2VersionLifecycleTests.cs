using System.Net;
using Coffer.Core.Barrier;
using Coffer.Core.Routing;

namespace Coffer.Core.Tests.Engines;

public sealed class KvV2VersionLifecycleTests
{
    [Fact]
    public async Task DeleteOnDataSoftDeletesTheLatestVersion()
    {
        var kv = await KvV2Fixture.CreateAsync();
        await kv.WriteAsync("k", """{"a":1}""");
        await kv.WriteAsync("k", """{"a":2}""");
        kv.Clock.Advance(TimeSpan.FromSeconds(5));
        Assert.Null(await kv.SendAsync(Operation.Delete, "data/k"));

        var gone = await kv.SendAsync(Operation.Read, "data/k");
        Assert.Equal(404, gone!.StatusCode);
        var latest = gone.Data;
        Assert.Null(latest!["data"]);
        Assert.Equal("2025-01-01T12:00:05Z", latest["metadata"]!["deletion_time"]!.GetValue<string>());
        Assert.Equal(1, (await kv.ReadAsync("k", 1))!["data"]!["a"]!.GetValue<int>());
    }

    [Fact]
    public async Task DeleteAndUndeleteListedVersions()
    {
        var kv = await KvV2Fixture.CreateAsync();
        await kv.WriteAsync("k", """{"a":1}""");
        await kv.WriteAsync("k", """{"a":2}""");
        await kv.WriteAsync("k", """{"a":3}""");
        Assert.Null(await kv.SendAsync(Operation.Update, "delete/k", """{"versions":[1,"2"]}"""));
        Assert.Null((await kv.ReadAsync("k", 1))!["data"]);
        Assert.Null((await kv.ReadAsync("k", 2))!["data"]);
        Assert.Equal(3, (await kv.ReadAsync("k"))!["data"]!["a"]!.GetValue<int>());

        Assert.Null(await kv.SendAsync(Operation.Update, "undelete/k", """{"versions":[2, 99]}"""));
        Assert.Equal(2, (await kv.ReadAsync("k", 2))!["data"]!["a"]!.GetValue<int>());
        Assert.Equal("", (await kv.MetadataAsync("k"))["versions"]!["2"]!["deletion_time"]!.GetValue<string>());
        Assert.Null((await kv.ReadAsync("k", 1))!["data"]);
    }

    [Fact]
    public async Task DestroyWipesDataForGood()
    {
        var kv = await KvV2Fixture.CreateAsync();
        await kv.WriteAsync("k", """{"a":1}""");
        await kv.WriteAsync("k", """{"a":2}""");
        Assert.Null(await kv.SendAsync(Operation.Update, "destroy/k", """{"versions":[1]}"""));
        var response = await kv.SendAsync(Operation.Read, "data/k", """{"version":1}""");
        Assert.Equal(404, response!.StatusCode);
        var destroyed = response.Data;
        Assert.Null(destroyed!["data"]);
        Assert.Null((await kv.SendAsync(Operation.Read, "data/k"))!.StatusCode);
        Assert.True(destroyed["metadata"]!["destroyed"]!.GetValue<bool>());
        await kv.SendAsync(Operation.Update, "undelete/k", """{"versions":[1]}""");
        Assert.Null((await kv.ReadAsync("k", 1))!["data"]);
        Assert.Single(await kv.View.ListRecursiveAsync("versions/"));
    }

    [Fact]
    public async Task VersionEndpointsNeedVersions()
    {
        var kv = await KvV2Fixture.CreateAsync();
        await kv.WriteAsync("k", """{"a":1}""");
        foreach (var endpoint in new[] { "delete/k", "undelete/k", "destroy/k" })
        {
            var error = await kv.FailsAsync(Operation.Update, endpoint, "{}");
            Assert.Equal(HttpStatusCode.BadRequest, error.Status);
        }
        var bad = await kv.FailsAsync(Operation.Update, "delete/k", """{"versions":["x"]}""");
        Assert.Equal(HttpStatusCode.BadRequest, bad.Status);
        var notANumber = await kv.FailsAsync(Operation.Update, "delete/k", """{"versions":[true]}""");
        Assert.Equal(HttpStatusCode.BadRequest, notANumber.Status);
    }

    [Fact]
    public async Task DeleteVersionAfterExpiresVersionsByTheClock()
    {
        var kv = await KvV2Fixture.CreateAsync();
        await kv.SendAsync(Operation.Update, "config", """{"delete_version_after":"1h"}""");
        await kv.SendAsync(Operation.Update, "metadata/k", """{"delete_version_after":"10m"}""");
        var written = await kv.WriteAsync("k", """{"a":1}""");
        Assert.Equal("2025-01-01T12:10:00Z", written["deletion_time"]!.GetValue<string>());
        Assert.Equal(1, (await kv.ReadAsync("k"))!["data"]!["a"]!.GetValue<int>());
        kv.Clock.Advance(TimeSpan.FromMinutes(10));
        Assert.Null((await kv.ReadAsync("k"))!["data"]);
    }

    [Fact]
    public async Task PatchMergesIntoTheLatestVersion()
    {
        var kv = await KvV2Fixture.CreateAsync();
        await kv.WriteAsync("k", """{"keep":"x","drop":"y","nested":{"a":1,"b":2}}""");
        var patched = await kv.SendAsync(Operation.Patch, "data/k", """{"data":{"drop":null,"nested":{"b":null,"c":3},"new":{"n":null,"m":1}}}""");
        Assert.Equal(2, patched!.Data!["version"]!.GetValue<long>());
        var data = (await kv.ReadAsync("k"))!["data"]!.AsObject();
        Assert.Equal("""{"keep":"x","nested":{"a":1,"c":3},"new":{"m":1}}""", data.ToJsonString());
    }

    [Fact]
    public async Task PatchNeedsALiveLatestVersionAndMatchingCas()
    {
        var kv = await KvV2Fixture.CreateAsync();
        var missing = await kv.FailsAsync(Operation.Patch, "data/k", """{"data":{"a":1}}""");
        Assert.Equal(HttpStatusCode.NotFound, missing.Status);
        await kv.WriteAsync("k", """{"a":1}""");
        var zero = await kv.FailsAsync(Operation.Patch, "data/k", """{"data":{"a":2},"options":{"cas":0}}""");
        Assert.Equal(HttpStatusCode.BadRequest, zero.Status);
        var stale = await kv.FailsAsync(Operation.Patch, "data/k", """{"data":{"a":2},"options":{"cas":2}}""");
        Assert.Equal("check-and-set parameter did not match the current version", stale.Message);
        await kv.SendAsync(Operation.Patch, "data/k", """{"data":{"a":2},"options":{"cas":1}}""");
        await kv.SendAsync(Operation.Delete, "data/k");
        var deleted = await kv.FailsAsync(Operation.Patch, "data/k", """{"data":{"a":3}}""");
        Assert.Equal(HttpStatusCode.NotFound, deleted.Status);
    }

    [Fact]
    public async Task VersionsMayComeAsOneCommaSeparatedString()
    {
        var kv = await KvV2Fixture.CreateAsync();
        await kv.WriteAsync("k", """{"a":1}""");
        await kv.WriteAsync("k", """{"a":2}""");
        await kv.WriteAsync("k", """{"a":3}""");
        await kv.SendAsync(Operation.Update, "delete/k", """{"versions":"1, 3"}""");
        var versions = (await kv.MetadataAsync("k"))["versions"]!.AsObject();
        Assert.NotEqual("", versions["1"]!["deletion_time"]!.GetValue<string>());
        Assert.Equal("", versions["2"]!["deletion_time"]!.GetValue<string>());
        Assert.NotEqual("", versions["3"]!["deletion_time"]!.GetValue<string>());
    }
}
