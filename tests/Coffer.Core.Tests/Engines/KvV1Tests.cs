using System.Net;
using Coffer.Core.Routing;
using Coffer.Core.Tests.CoreFlow;

namespace Coffer.Core.Tests.Engines;

public sealed class KvV1Tests
{
    [Fact]
    public async Task WriteReadListDelete()
    {
        var kv = await CoreHarness.StartAsync();
        Assert.Null(await kv.SendAsync(Operation.Update, "secret/a/b", """{"k":"v","n":1}"""));
        await kv.SendAsync(Operation.Update, "secret/a/c/d", """{"k":"v"}""");
        var read = await kv.SendAsync(Operation.Read, "secret/a/b");
        Assert.Equal("v", read!.Data!["k"]!.GetValue<string>());
        Assert.Equal(1, read.Data["n"]!.GetValue<int>());
        Assert.Equal("kv", read.MountType);
        Assert.Equal(768 * 3600, read.LeaseDuration);
        var list = await kv.SendAsync(Operation.List, "secret/a/");
        Assert.Equal(["b", "c/"], list!.Data!["keys"]!.AsArray().Select(k => k!.GetValue<string>()));
        await kv.SendAsync(Operation.Delete, "secret/a/b");
        Assert.Null(await kv.SendAsync(Operation.Read, "secret/a/b"));
    }

    [Fact]
    public async Task TtlKeyIsReportedAsLeaseDuration()
    {
        var kv = await CoreHarness.StartAsync();
        await kv.SendAsync(Operation.Update, "secret/t", """{"ttl":"1h","x":"y"}""");
        Assert.Equal(3600, (await kv.SendAsync(Operation.Read, "secret/t"))!.LeaseDuration);
        var bad = await Assert.ThrowsAsync<CofferError>(() => kv.SendAsync(Operation.Update, "secret/t", """{"ttl":"soon"}"""));
        Assert.Equal(HttpStatusCode.BadRequest, bad.Status);
        Assert.Equal(3600, (await kv.SendAsync(Operation.Read, "secret/t"))!.LeaseDuration);
    }

    [Fact]
    public async Task EmptyWritesAreRejected()
    {
        var kv = await CoreHarness.StartAsync();
        var error = await Assert.ThrowsAsync<CofferError>(() => kv.SendAsync(Operation.Update, "secret/x", "{}"));
        Assert.Equal("missing data fields", error.Message);
    }

    [Fact]
    public async Task RequestsWithoutAValidTokenAreDenied()
    {
        var kv = await CoreHarness.StartAsync();
        var error = await Assert.ThrowsAsync<CofferError>(() => kv.SendAsync(Operation.Read, "secret/x", token: "hvs.bogus"));
        Assert.Equal(HttpStatusCode.Forbidden, error.Status);
        var none = await Assert.ThrowsAsync<CofferError>(() => kv.SendAsync(Operation.Read, "secret/x", token: ""));
        Assert.Equal(HttpStatusCode.Forbidden, none.Status);
    }

    [Fact]
    public async Task UnknownPathsAre404()
    {
        var kv = await CoreHarness.StartAsync();
        var error = await Assert.ThrowsAsync<CofferError>(() => kv.SendAsync(Operation.Read, "nomount/x"));
        Assert.Equal(HttpStatusCode.NotFound, error.Status);
    }

    [Fact]
    public async Task DisablingAMountRemovesItsData()
    {
        var kv = await CoreHarness.StartAsync();
        await kv.SendAsync(Operation.Update, "secret/a", """{"k":"v"}""");
        var mount = kv.Core.Mounts.Match("root", "secret/a")!;
        Assert.NotEmpty(await kv.Core.Barrier.ListAsync(mount.StoragePrefix));
        await kv.SendAsync(Operation.Delete, "sys/mounts/secret");
        Assert.Empty(await kv.Core.Barrier.ListAsync(mount.StoragePrefix));
        await kv.SendAsync(Operation.Update, "sys/mounts/secret", """{"type":"kv"}""");
        Assert.Null(await kv.SendAsync(Operation.Read, "secret/a"));
    }

    [Fact]
    public async Task MountsSurviveSealAndUnseal()
    {
        var kv = await CoreHarness.StartAsync();
        await kv.SendAsync(Operation.Update, "sys/mounts/local-kv", """{"type":"kv","local":true,"description":"here"}""");
        await kv.SendAsync(Operation.Update, "local-kv/x", """{"a":"b"}""");
        await kv.Core.SealAsync(kv.RootToken);
        await kv.Core.SubmitUnsealKeyAsync(kv.Keys[0]);
        var mounts = await kv.SendAsync(Operation.Read, "sys/mounts");
        Assert.True(mounts!.Data!["local-kv/"]!["local"]!.GetValue<bool>());
        Assert.Equal("b", (await kv.SendAsync(Operation.Read, "local-kv/x"))!.Data!["a"]!.GetValue<string>());
    }

    [Fact]
    public async Task OverlappingAndReservedMountPathsAreRejected()
    {
        var kv = await CoreHarness.StartAsync();
        var overlap = await Assert.ThrowsAsync<CofferError>(() => kv.SendAsync(Operation.Update, "sys/mounts/secret/inner", """{"type":"kv"}"""));
        Assert.Equal("path is already in use at secret/", overlap.Message);
        await Assert.ThrowsAsync<CofferError>(() => kv.SendAsync(Operation.Update, "sys/mounts/auth/x", """{"type":"kv"}"""));
        var unknown = await Assert.ThrowsAsync<CofferError>(() => kv.SendAsync(Operation.Update, "sys/mounts/other", """{"type":"nope"}"""));
        Assert.Contains("nope", unknown.Message);
        Assert.Null(kv.Core.Mounts.Match("root", "other/x"));
    }
}
