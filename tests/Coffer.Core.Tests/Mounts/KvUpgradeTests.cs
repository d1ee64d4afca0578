using Coffer.Core.Barrier;
using System.Net;
using System.Text.Json.Nodes;
using Coffer.Core.Engines.Kv;
using Coffer.Core.Routing;
using Coffer.Core.Storage;
using Coffer.Core.Tests.CoreFlow;

namespace Coffer.Core.Tests.Mounts;

public sealed class KvUpgradeTests
{
    // Names chosen to collide with the version 2 layout (config, meta/…, versions/…) as well as plain ones.
    private static readonly string[] Keys = ["app/db", "config", "meta/x", "versions/y", "plain"];

    private static async Task WriteV1KeysAsync(CoreHarness h)
    {
        foreach (var key in Keys)
        {
            await h.SendAsync(Operation.Update, $"secret/{key}", $$"""{"value":"{{key}}","n":1}""");
        }
    }

    private static async Task AssertReadableAsVersionOneAsync(CoreHarness h)
    {
        foreach (var key in Keys)
        {
            var read = await h.SendAsync(Operation.Read, $"secret/data/{key}");
            Assert.Equal(key, read!.Data!["data"]!["value"]!.GetValue<string>());
            Assert.Equal(1, read.Data["metadata"]!["version"]!.GetValue<long>());
        }
        var listed = await h.SendAsync(Operation.List, "secret/metadata/");
        Assert.Equal(["app/", "config", "meta/", "plain", "versions/"], listed!.Data!["keys"]!.AsArray().Select(k => k!.GetValue<string>()).Order(StringComparer.Ordinal));
        // New writes continue the history.
        var written = await h.SendAsync(Operation.Update, "secret/data/plain", """{"data":{"value":"new"}}""");
        Assert.Equal(2, written!.Data!["version"]!.GetValue<long>());
    }

    private static string SecretUuid(CoreHarness h) => h.Core.Mounts.Entries.Single(e => e.Path == "secret/").Uuid;

    [Fact]
    public async Task TuningVersion2MigratesEveryKeyToVersionOne()
    {
        var h = await CoreHarness.StartAsync();
        await WriteV1KeysAsync(h);

        var tuned = await h.SendAsync(Operation.Update, "sys/mounts/secret/tune", """{"options":{"version":"2"}}""");
        Assert.StartsWith("Upgrading mount from version 1 to version 2", Assert.Single(tuned!.Warnings));
        await h.Core.KvUpgrades.WhenDoneAsync(SecretUuid(h));

        var entry = h.Core.Mounts.Entries.Single(e => e.Path == "secret/");
        Assert.False(entry.KvUpgradePending);
        Assert.Equal("2", entry.Options["version"]);
        await AssertReadableAsVersionOneAsync(h);
    }

    [Fact]
    public async Task APendingUpgradeAnswersWithVaultsErrorAndFinishesAfterARestart()
    {
        var physical = new InMemPhysical();
        var h = await CoreHarness.StartAsync(physical: physical);
        await WriteV1KeysAsync(h);
        var uuid = SecretUuid(h);

        // The state a crash leaves between the tune and the rewrite: the table says "version 2, pending", the data is v1.
        var pending = await h.Core.Mounts.UpdateAsync(uuid, e => e with
        {
            Options = new Dictionary<string, string> { ["version"] = "2" },
            KvUpgradePending = true,
        }, []);
        h.Core.Backends.Add(pending!, h.Core.Backends.Create(pending!));
        var refused = await Assert.ThrowsAsync<CofferError>(() => h.SendAsync(Operation.Read, "secret/data/plain"));
        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Equal(KvUpgradingBackend.Message, refused.Message);

        // A new process on the same storage resumes the rewrite when it unseals.
        var restarted = new CofferCore(physical, new CoreOptions(), SystemClock.Instance);
        await restarted.SubmitUnsealKeyAsync(h.Keys[0]);
        await restarted.KvUpgrades.WhenDoneAsync(uuid);
        await AssertReadableAsVersionOneAsync(CoreHarness.Wrap(restarted, h.RootToken));
    }

    [Fact]
    public async Task ARewriteThatRunsTwiceChangesNothingTheSecondTime()
    {
        var h = await CoreHarness.StartAsync();
        await WriteV1KeysAsync(h);
        await h.SendAsync(Operation.Update, "sys/mounts/secret/tune", """{"options":{"version":"2"}}""");
        var uuid = SecretUuid(h);
        await h.Core.KvUpgrades.WhenDoneAsync(uuid);
        var prefix = h.Core.Mounts.Entries.Single(e => e.Path == "secret/").StoragePrefix;
        var before = await h.Core.Barrier.ListRecursiveAsync(prefix);

        await h.Core.KvUpgrades.RewriteAsync(uuid);
        Assert.Equal(before, await h.Core.Barrier.ListRecursiveAsync(prefix));
    }

    [Fact]
    public async Task EveryWriteAcceptedAroundTheUpgradeIsKeptAndEveryOtherGetsTheUpgradeError()
    {
        var h = await CoreHarness.StartAsync();
        var writes = Enumerable.Range(0, 200).Select(async i =>
        {
            await Task.Yield();
            try
            {
                await h.SendAsync(Operation.Update, $"secret/k{i}", $$"""{"i":"{{i}}"}""");
                return i;
            }
            catch (CofferError refused) when (refused.Message == KvUpgradingBackend.Message ||
                                              refused.Status == HttpStatusCode.NotFound)
            {
                // After the switch a flat path is no longer a v1 key: either the upgrade 400 or the v2 engine's 404.
                return -1;
            }
        }).ToList();
        var tune = h.SendAsync(Operation.Update, "sys/mounts/secret/tune", """{"options":{"version":"2"}}""");
        var accepted = (await Task.WhenAll(writes)).Where(i => i >= 0).ToList();
        await tune;
        await h.Core.KvUpgrades.WhenDoneAsync(SecretUuid(h));

        foreach (var i in accepted)
        {
            var read = await h.SendAsync(Operation.Read, $"secret/data/k{i}");
            Assert.Equal(i.ToString(), read!.Data!["data"]!["i"]!.GetValue<string>());
        }
    }

    [Theory]
    [InlineData("""{"options":{"version":"3"}}""", "invalid version provided: 3")]
    [InlineData("""{"options":{"version":"1"}}""", "cannot downgrade mount from version 2")]
    public async Task InvalidVersionsAndDowngradesAreRefused(string body, string expected)
    {
        var h = await CoreHarness.StartAsync();
        await h.SendAsync(Operation.Update, "sys/mounts/v2", """{"type":"kv","options":{"version":"2"}}""");
        var error = await Assert.ThrowsAsync<CofferError>(() => h.SendAsync(Operation.Update, "sys/mounts/v2/tune", body));
        Assert.Equal(HttpStatusCode.BadRequest, error.Status);
        Assert.Equal(expected, error.Message);
        Assert.Equal("2", h.Core.Mounts.Entries.Single(e => e.Path == "v2/").Options["version"]);
    }

    [Fact]
    public async Task VersionOnAnEngineOtherThanKvIsRefused()
    {
        var h = await CoreHarness.StartAsync();
        await h.SendAsync(Operation.Update, "sys/mounts/transit", """{"type":"transit"}""");
        var error = await Assert.ThrowsAsync<CofferError>(() => h.SendAsync(Operation.Update, "sys/mounts/transit/tune", """{"options":{"version":"2"}}"""));
        Assert.Equal("secrets engine \"transit\" does not allow setting a version", error.Message);
    }
}
