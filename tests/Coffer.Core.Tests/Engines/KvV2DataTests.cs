using System.Net;
using Coffer.Core.Barrier;
using Coffer.Core.Routing;

namespace Coffer.Core.Tests.Engines;

public sealed class KvV2DataTests
{
    [Fact]
    public async Task WriteReturnsVersionMetadataAndReadReturnsLatest()
    {
        var kv = await KvV2Fixture.CreateAsync();
        var first = await kv.WriteAsync("app/db", """{"user":"a"}""");
        Assert.Equal(1, first["version"]!.GetValue<long>());
        Assert.Equal("2025-01-01T12:00:00Z", first["created_time"]!.GetValue<string>());
        Assert.Equal("", first["deletion_time"]!.GetValue<string>());
        Assert.False(first["destroyed"]!.GetValue<bool>());
        Assert.Null(first["custom_metadata"]);
        Assert.True(first.ContainsKey("custom_metadata"));

        kv.Clock.Advance(TimeSpan.FromTicks(1234567));
        var second = await kv.WriteAsync("app/db", """{"user":"b"}""");
        Assert.Equal(2, second["version"]!.GetValue<long>());
        Assert.Equal("2025-01-01T12:00:00.1234567Z", second["created_time"]!.GetValue<string>());

        var latest = await kv.ReadAsync("app/db");
        Assert.Equal("b", latest!["data"]!["user"]!.GetValue<string>());
        Assert.Equal(2, latest["metadata"]!["version"]!.GetValue<long>());
        var old = await kv.ReadAsync("app/db", 1);
        Assert.Equal("a", old!["data"]!["user"]!.GetValue<string>());
        Assert.Equal(1, old["metadata"]!["version"]!.GetValue<long>());
    }

    [Fact]
    public async Task MissingKeysAndVersionsReadAsNull()
    {
        var kv = await KvV2Fixture.CreateAsync();
        Assert.Null(await kv.ReadAsync("nope"));
        await kv.WriteAsync("k", """{"a":1}""");
        Assert.Null(await kv.ReadAsync("k", 7));
    }

    [Fact]
    public async Task WriteWithoutDataIsRejected()
    {
        var kv = await KvV2Fixture.CreateAsync();
        var error = await kv.FailsAsync(Operation.Update, "data/k", """{"a":1}""");
        Assert.Equal("no data provided", error.Message);
    }

    [Fact]
    public async Task CasMustMatchTheCurrentVersion()
    {
        var kv = await KvV2Fixture.CreateAsync();
        await kv.WriteAsync("k", """{"a":1}""", """{"cas":0}""");
        var error = await kv.FailsAsync(Operation.Update, "data/k", """{"data":{"a":2},"options":{"cas":0}}""");
        Assert.Equal(HttpStatusCode.BadRequest, error.Status);
        Assert.Equal("check-and-set parameter did not match the current version", error.Message);
        var written = await kv.WriteAsync("k", """{"a":2}""", """{"cas":"1"}""");
        Assert.Equal(2, written["version"]!.GetValue<long>());
        Assert.Equal(2, (await kv.ReadAsync("k"))!["data"]!["a"]!.GetValue<int>());
    }

    [Fact]
    public async Task CasRequiredOnTheMountOrTheKeyRejectsWritesWithoutCas()
    {
        var kv = await KvV2Fixture.CreateAsync();
        await kv.SendAsync(Operation.Update, "metadata/guarded", """{"cas_required":true}""");
        var error = await kv.FailsAsync(Operation.Update, "data/guarded", """{"data":{"a":1}}""");
        Assert.Equal("check-and-set parameter required for this call", error.Message);
        await kv.WriteAsync("guarded", """{"a":1}""", """{"cas":0}""");
        await kv.WriteAsync("free", """{"a":1}""");

        await kv.SendAsync(Operation.Update, "config", """{"cas_required":true}""");
        var mountWide = await kv.FailsAsync(Operation.Update, "data/free", """{"data":{"a":2}}""");
        Assert.Equal("check-and-set parameter required for this call", mountWide.Message);
    }

    [Fact]
    public async Task ExistenceCheckFollowsTheKey()
    {
        var kv = await KvV2Fixture.CreateAsync();
        var request = new Request { Operation = Operation.Update, Path = "kv/data/k", MountRelativePath = "data/k" };
        Assert.False(await kv.Backend.ExistsAsync(request, CancellationToken.None));
        await kv.WriteAsync("k", """{"a":1}""");
        Assert.True(await kv.Backend.ExistsAsync(request, CancellationToken.None));
        Assert.Null(await kv.Backend.ExistsAsync(new Request { Operation = Operation.Update, Path = "kv/config", MountRelativePath = "config" }, CancellationToken.None));
    }

    [Theory]
    [InlineData(Operation.Read, "foo/bar")]
    [InlineData(Operation.Read, "data/")]
    [InlineData(Operation.Update, "data")]
    [InlineData(Operation.Read, "metadata/")]
    [InlineData(Operation.Read, "")]
    public async Task InvalidPathsAreUnsupported(Operation operation, string path)
    {
        var kv = await KvV2Fixture.CreateAsync();
        var error = await kv.FailsAsync(operation, path, """{"data":{"a":1}}""");
        Assert.Equal(HttpStatusCode.NotFound, error.Status);
        Assert.StartsWith("no handler for route", error.Message);
    }

    [Fact]
    public async Task MetadataAndVersionDataAreStoredUnderSeparateKeys()
    {
        var kv = await KvV2Fixture.CreateAsync();
        await kv.WriteAsync("k", """{"password":"hunter2"}""");
        var keys = await kv.View.ListRecursiveAsync("");
        Assert.Contains("meta/k", keys);
        Assert.Contains(keys, k => k.StartsWith("versions/", StringComparison.Ordinal) && k.EndsWith("/1", StringComparison.Ordinal));
    }
}
