using System.Net;
using Coffer.Core.Routing;

namespace Coffer.Core.Tests.CoreFlow;

public sealed class NamespaceTests
{
    private static Request At(string path, Operation operation, string? header = null, string? json = null, string? token = null) => new()
    {
        Operation = operation,
        Path = path,
        NamespaceHeader = header,
        Data = json is null ? new() : System.Text.Json.Nodes.JsonNode.Parse(json)!.AsObject(),
        ClientToken = token,
    };

    [Fact]
    public async Task MountsAreScopedAndAddressableThreeWays()
    {
        var h = await CoreHarness.StartAsync();
        var created = await h.Core.HandleAsync(At("sys/namespaces/ns1", Operation.Update, token: h.RootToken));
        Assert.Equal("ns1/", created!.Data!["path"]!.GetValue<string>());
        await h.Core.HandleAsync(At("sys/namespaces/ns2", Operation.Update, header: "ns1", token: h.RootToken));
        await h.Core.HandleAsync(At("sys/mounts/kv", Operation.Update, header: "ns1/ns2", json: """{"type":"kv"}""", token: h.RootToken));
        await h.Core.HandleAsync(At("ns1/ns2/kv/app", Operation.Update, json: """{"v":"deep"}""", token: h.RootToken));

        foreach (var (path, header) in new[] { ("ns1/ns2/kv/app", (string?)null), ("kv/app", "ns1/ns2/"), ("ns2/kv/app", "ns1") })
        {
            var read = await h.Core.HandleAsync(At(path, Operation.Read, header, token: h.RootToken));
            Assert.Equal("deep", read!.Data!["v"]!.GetValue<string>());
        }
        var rootMounts = await h.Core.HandleAsync(At("sys/mounts", Operation.Read, token: h.RootToken));
        Assert.Null(rootMounts!.Data!["kv/"]);
        var nsMounts = await h.Core.HandleAsync(At("sys/mounts", Operation.Read, "ns1/ns2", token: h.RootToken));
        Assert.NotNull(nsMounts!.Data!["kv/"]);
        Assert.NotNull(nsMounts.Data["sys/"]);
        Assert.NotNull(nsMounts.Data["cubbyhole/"]);
        var missing = await Assert.ThrowsAsync<CofferError>(() => h.Core.HandleAsync(At("kv/app", Operation.Read, token: h.RootToken)));
        Assert.Equal(HttpStatusCode.NotFound, missing.Status);
    }

    [Fact]
    public async Task ListReadPatchAndDelete()
    {
        var h = await CoreHarness.StartAsync();
        await h.Core.HandleAsync(At("sys/namespaces/b", Operation.Update, json: """{"custom_metadata":{"team":"blue"}}""", token: h.RootToken));
        await h.Core.HandleAsync(At("sys/namespaces/a", Operation.Update, token: h.RootToken));
        await h.Core.HandleAsync(At("sys/namespaces/inner", Operation.Update, header: "a", token: h.RootToken));
        var list = await h.Core.HandleAsync(At("sys/namespaces/", Operation.List, token: h.RootToken));
        Assert.Equal("""["a/","b/"]""", list!.Data!["keys"]!.ToJsonString());
        Assert.Equal("blue", list.Data["key_info"]!["b/"]!["custom_metadata"]!["team"]!.GetValue<string>());
        Assert.Equal(5, list.Data["key_info"]!["a/"]!["id"]!.GetValue<string>().Length);

        var patched = await h.Core.HandleAsync(At("sys/namespaces/b", Operation.Patch, json: """{"custom_metadata":{"team":null,"env":"prod"}}""", token: h.RootToken));
        Assert.Equal("""{"env":"prod"}""", patched!.Data!["custom_metadata"]!.ToJsonString());

        var refused = await Assert.ThrowsAsync<CofferError>(() => h.Core.HandleAsync(At("sys/namespaces/a", Operation.Delete, token: h.RootToken)));
        Assert.Contains("child namespaces", refused.Message);
        await h.Core.HandleAsync(At("sys/mounts/kv", Operation.Update, header: "b", json: """{"type":"kv"}""", token: h.RootToken));
        await h.Core.HandleAsync(At("b/kv/x", Operation.Update, json: """{"v":1}""", token: h.RootToken));
        var kvMount = h.Core.Mounts.Entries.Single(m => m.Path == "kv/");
        await h.Core.HandleAsync(At("sys/namespaces/b", Operation.Delete, token: h.RootToken));
        Assert.Null(await h.Core.HandleAsync(At("sys/namespaces/b", Operation.Read, token: h.RootToken)));
        Assert.Empty(await h.Core.Barrier.ListAsync(kvMount.StoragePrefix));
        await Assert.ThrowsAsync<CofferError>(() => h.Core.HandleAsync(At("kv/x", Operation.Read, header: "b", token: h.RootToken)));
    }

    [Fact]
    public async Task NamespacesSurviveSealAndReservedNamesAreRefused()
    {
        var h = await CoreHarness.StartAsync();
        await h.Core.HandleAsync(At("sys/namespaces/team", Operation.Update, token: h.RootToken));
        await h.Core.SealAsync(h.RootToken);
        await h.Core.SubmitUnsealKeyAsync(h.Keys[0]);
        Assert.NotNull(await h.Core.HandleAsync(At("sys/namespaces/team", Operation.Read, token: h.RootToken)));
        foreach (var bad in new[] { "sys", "root", "auth", "with space" })
        {
            await Assert.ThrowsAsync<CofferError>(() => h.Core.HandleAsync(At($"sys/namespaces/{bad}", Operation.Update, token: h.RootToken)));
        }
        await Assert.ThrowsAsync<CofferError>(() => h.Core.HandleAsync(At("sys/mounts", Operation.Read, header: "nope", token: h.RootToken)));
    }
}

public sealed class AuthMountListingTests
{
    [Fact]
    public async Task AuthMethodsReportTheirTokenType()
    {
        var h = await CoreHarness.StartAsync();
        var auth = await h.SendAsync(Operation.Read, "sys/auth");
        Assert.Equal("default-service", auth!.Data!["token/"]!["config"]!["token_type"]!.GetValue<string>());
        Assert.Equal("token", auth.Data["token/"]!["type"]!.GetValue<string>());
        var mounts = await h.SendAsync(Operation.Read, "sys/mounts");
        Assert.Null(mounts!.Data!["secret/"]!["config"]!["token_type"]);
    }
}
