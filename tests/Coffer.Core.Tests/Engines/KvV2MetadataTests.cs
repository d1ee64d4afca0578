using System.Net;
using Coffer.Core.Routing;

namespace Coffer.Core.Tests.Engines;

public sealed class KvV2MetadataTests
{
    [Fact]
    public async Task MetadataReportsEveryVersion()
    {
        var kv = await KvV2Fixture.CreateAsync();
        await kv.WriteAsync("k", """{"a":1}""");
        kv.Clock.Advance(TimeSpan.FromMinutes(1));
        await kv.WriteAsync("k", """{"a":2}""");
        var metadata = await kv.MetadataAsync("k");
        Assert.Equal(2, metadata["current_version"]!.GetValue<long>());
        Assert.Equal(0, metadata["oldest_version"]!.GetValue<long>());
        Assert.Equal(0, metadata["max_versions"]!.GetValue<long>());
        Assert.False(metadata["cas_required"]!.GetValue<bool>());
        Assert.Equal("0s", metadata["delete_version_after"]!.GetValue<string>());
        Assert.Equal("2025-01-01T12:00:00Z", metadata["created_time"]!.GetValue<string>());
        Assert.Equal("2025-01-01T12:01:00Z", metadata["updated_time"]!.GetValue<string>());
        var versions = metadata["versions"]!.AsObject();
        Assert.Equal(["1", "2"], versions.Select(v => v.Key));
        Assert.Equal("2025-01-01T12:01:00Z", versions["2"]!["created_time"]!.GetValue<string>());
        Assert.Equal("", versions["2"]!["deletion_time"]!.GetValue<string>());
        Assert.False(versions["2"]!["destroyed"]!.GetValue<bool>());
    }

    [Fact]
    public async Task MetadataWriteSetsSettingsWithoutMakingAVersion()
    {
        var kv = await KvV2Fixture.CreateAsync();
        Assert.Null(await kv.SendAsync(Operation.Update, "metadata/k",
            """{"max_versions":"3","cas_required":"true","delete_version_after":"1h","custom_metadata":{"owner":"ops"}}"""));
        var metadata = await kv.MetadataAsync("k");
        Assert.Equal(0, metadata["current_version"]!.GetValue<long>());
        Assert.Empty(metadata["versions"]!.AsObject());
        Assert.Equal(3, metadata["max_versions"]!.GetValue<long>());
        Assert.True(metadata["cas_required"]!.GetValue<bool>());
        Assert.Equal("1h0m0s", metadata["delete_version_after"]!.GetValue<string>());
        Assert.Equal("ops", metadata["custom_metadata"]!["owner"]!.GetValue<string>());

        var written = await kv.WriteAsync("k", """{"a":1}""", """{"cas":0}""");
        Assert.Equal("ops", written["custom_metadata"]!["owner"]!.GetValue<string>());
        Assert.Equal("2025-01-01T13:00:00Z", written["deletion_time"]!.GetValue<string>());

        // A partial update leaves the other settings alone.
        await kv.SendAsync(Operation.Update, "metadata/k", """{"max_versions":5}""");
        var after = await kv.MetadataAsync("k");
        Assert.Equal(5, after["max_versions"]!.GetValue<long>());
        Assert.True(after["cas_required"]!.GetValue<bool>());
        Assert.Equal("ops", after["custom_metadata"]!["owner"]!.GetValue<string>());
    }

    [Fact]
    public async Task NegativeMaxVersionsIsRejected()
    {
        var kv = await KvV2Fixture.CreateAsync();
        var error = await kv.FailsAsync(Operation.Update, "metadata/k", """{"max_versions":-1}""");
        Assert.Equal(HttpStatusCode.BadRequest, error.Status);
    }

    [Fact]
    public async Task OldVersionsArePrunedBeyondMaxVersions()
    {
        var kv = await KvV2Fixture.CreateAsync();
        await kv.SendAsync(Operation.Update, "metadata/k", """{"max_versions":2}""");
        for (var i = 1; i <= 4; i++)
        {
            await kv.WriteAsync("k", $$"""{"n":{{i}}}""");
        }
        var metadata = await kv.MetadataAsync("k");
        Assert.Equal(["3", "4"], metadata["versions"]!.AsObject().Select(v => v.Key));
        Assert.Equal(3, metadata["oldest_version"]!.GetValue<long>());
        Assert.Null(await kv.ReadAsync("k", 2));
        Assert.Equal(3, (await kv.ReadAsync("k", 3))!["data"]!["n"]!.GetValue<int>());
        // The pruned data is gone from storage too, not only from the metadata.
        var versionKeys = (await Coffer.Core.Barrier.SecureStorageExtensions.ListRecursiveAsync(kv.View, "versions/")).ToList();
        Assert.Equal(2, versionKeys.Count);
    }

    [Fact]
    public async Task MountConfigDefaultsMaxVersionsToTen()
    {
        var kv = await KvV2Fixture.CreateAsync();
        for (var i = 1; i <= 11; i++)
        {
            await kv.WriteAsync("k", $$"""{"n":{{i}}}""");
        }
        Assert.Equal(10, (await kv.MetadataAsync("k"))["versions"]!.AsObject().Count);

        await kv.SendAsync(Operation.Update, "config", """{"max_versions":3}""");
        await kv.WriteAsync("k", """{"n":12}""");
        var metadata = await kv.MetadataAsync("k");
        Assert.Equal(["10", "11", "12"], metadata["versions"]!.AsObject().Select(v => v.Key));
    }

    [Fact]
    public async Task ListShowsKeysAndFolders()
    {
        var kv = await KvV2Fixture.CreateAsync();
        await kv.WriteAsync("a", """{"x":1}""");
        await kv.WriteAsync("dir/b", """{"x":1}""");
        await kv.WriteAsync("dir/sub/c", """{"x":1}""");
        var root = await kv.SendAsync(Operation.List, "metadata/");
        Assert.Equal(["a", "dir/"], root!.Data!["keys"]!.AsArray().Select(k => k!.GetValue<string>()));
        var folder = await kv.SendAsync(Operation.List, "metadata/dir/");
        Assert.Equal(["b", "sub/"], folder!.Data!["keys"]!.AsArray().Select(k => k!.GetValue<string>()));
        Assert.Null(await kv.SendAsync(Operation.List, "metadata/empty/"));
    }

    [Fact]
    public async Task MetadataDeleteRemovesEveryVersion()
    {
        var kv = await KvV2Fixture.CreateAsync();
        await kv.WriteAsync("k", """{"a":1}""");
        await kv.WriteAsync("k", """{"a":2}""");
        Assert.Null(await kv.SendAsync(Operation.Delete, "metadata/k"));
        Assert.Null(await kv.SendAsync(Operation.Read, "metadata/k"));
        Assert.Null(await kv.ReadAsync("k"));
        Assert.Empty(await Coffer.Core.Barrier.SecureStorageExtensions.ListRecursiveAsync(kv.View, ""));
        var fresh = await kv.WriteAsync("k", """{"a":3}""");
        Assert.Equal(1, fresh["version"]!.GetValue<long>());
    }

    [Fact]
    public async Task ConfigReadsBackWhatWasWritten()
    {
        var kv = await KvV2Fixture.CreateAsync();
        var defaults = (await kv.SendAsync(Operation.Read, "config"))!.Data!;
        Assert.Equal(0, defaults["max_versions"]!.GetValue<long>());
        Assert.False(defaults["cas_required"]!.GetValue<bool>());
        Assert.Equal("0s", defaults["delete_version_after"]!.GetValue<string>());
        await kv.SendAsync(Operation.Update, "config", """{"max_versions":4,"cas_required":true,"delete_version_after":"30m"}""");
        var config = (await kv.SendAsync(Operation.Read, "config"))!.Data!;
        Assert.Equal(4, config["max_versions"]!.GetValue<long>());
        Assert.True(config["cas_required"]!.GetValue<bool>());
        Assert.Equal("30m0s", config["delete_version_after"]!.GetValue<string>());
    }

    [Fact]
    public async Task LoweringMaxVersionsPrunesAtOnce()
    {
        var kv = await KvV2Fixture.CreateAsync();
        for (var i = 1; i <= 5; i++)
        {
            await kv.WriteAsync("k", $$"""{"n":{{i}}}""");
        }
        await kv.SendAsync(Operation.Update, "metadata/k", """{"max_versions":2}""");
        var metadata = await kv.MetadataAsync("k");
        Assert.Equal(["4", "5"], metadata["versions"]!.AsObject().Select(v => v.Key));
        Assert.Equal(4, metadata["oldest_version"]!.GetValue<long>());
        Assert.Equal(2, (await Coffer.Core.Barrier.SecureStorageExtensions.ListRecursiveAsync(kv.View, "versions/")).Count);
    }
}
