using System.Text;
using System.Text.RegularExpressions;
using Coffer.Core.Leases;
using Coffer.Core.Replication;
using Coffer.Core.Routing;

namespace Coffer.Core.Tests.Leases;

public sealed class LeaseRegistrationTests
{
    [Fact]
    public async Task ADynamicSecretGetsAStoredLease()
    {
        await using var h = await LeaseHarness.StartAsync();

        var response = await h.IssueAsync("readonly");

        Assert.Matches(new Regex("^db/creds/readonly/[0-9A-Za-z]{24}$"), response.LeaseId);
        Assert.Equal(60, response.LeaseDuration);
        Assert.True(response.Renewable);
        var stored = await h.Core.Barrier.GetAsync(LeaseManager.IdPrefix + response.LeaseId);
        var entry = LeaseEntrySerializer.Deserialize(stored!);
        Assert.Equal("db/creds/readonly", entry.Path);
        Assert.Equal("creds/readonly", entry.MountRelativePath);
        Assert.Equal(h.Core.Mounts.Entries.Single(m => m.Path == "db/").Uuid, entry.MountUuid);
        Assert.Equal(response.Data!["username"]!.GetValue<string>(), entry.InternalData["username"]!.GetValue<string>());
        Assert.Equal(h.Clock.UtcNow.AddSeconds(60), entry.ExpireTime);
        var root = await h.Core.Tokens.LookupAsync(h.RootToken);
        Assert.Equal(root!.Accessor, entry.TokenAccessor);
        Assert.Equal(1, h.Core.Leases.Count);
    }

    [Fact]
    public async Task TheEnvelopeCarriesTheLease()
    {
        await using var h = await LeaseHarness.StartAsync();
        var response = await h.IssueAsync();

        var envelope = ResponseEnvelope.Build(new Request { Operation = Operation.Read, Path = "db/creds/ro" }, response);

        Assert.Equal(response.LeaseId, envelope["lease_id"]!.GetValue<string>());
        Assert.Equal(60, envelope["lease_duration"]!.GetValue<long>());
        Assert.True(envelope["renewable"]!.GetValue<bool>());
    }

    [Fact]
    public async Task LeaseStorageIsDrOnlyAndEncrypted()
    {
        var physical = new Coffer.Core.Storage.InMemPhysical();
        await using var h = await LeaseHarness.StartAsync(physical);
        var response = await h.IssueAsync();
        var user = response.Data!["username"]!.GetValue<string>();

        var classifier = new KeyClassifier(_ => false);
        Assert.Equal(KeyClass.DrOnly, classifier.Classify(LeaseManager.IdPrefix + response.LeaseId));
        var raw = await physical.GetAsync(LeaseManager.IdPrefix + response.LeaseId);
        Assert.NotNull(raw);
        Assert.DoesNotContain(user, Encoding.Latin1.GetString(raw));
    }

    [Fact]
    public async Task WithoutAnEngineTtlTheMountDefaultThenTheSystemDefaultApplies()
    {
        var options = new CoreOptions { DefaultLeaseTtlSeconds = 3600, MaxLeaseTtlSeconds = 7200 };
        await using var h = await LeaseHarness.StartAsync(options: options, mountDefaultTtl: 600);
        h.Engine.TtlSeconds = 0;

        Assert.Equal(600, (await h.IssueAsync()).LeaseDuration);

        await h.SendAsync(Operation.Update, "sys/mounts/db/tune", """{"default_lease_ttl":0}""");
        Assert.Equal(3600, (await h.IssueAsync()).LeaseDuration);
    }

    [Fact]
    public async Task TheTtlIsCappedByTheMountMaxAndTheEngineMax()
    {
        var options = new CoreOptions { DefaultLeaseTtlSeconds = 3600, MaxLeaseTtlSeconds = 7200 };
        await using var h = await LeaseHarness.StartAsync(options: options, mountMaxTtl: 900);
        h.Engine.TtlSeconds = 5000;

        Assert.Equal(900, (await h.IssueAsync()).LeaseDuration);

        h.Engine.MaxTtlSeconds = 300;
        Assert.Equal(300, (await h.IssueAsync()).LeaseDuration);

        await h.SendAsync(Operation.Update, "sys/mounts/db/tune", """{"max_lease_ttl":0}""");
        h.Engine.MaxTtlSeconds = 0;
        Assert.Equal(5000, (await h.IssueAsync()).LeaseDuration);
        h.Engine.TtlSeconds = 9000;
        Assert.Equal(7200, (await h.IssueAsync()).LeaseDuration);
    }

    [Fact]
    public async Task ALeaseInAChildNamespaceCarriesItsId()
    {
        await using var h = await LeaseHarness.StartAsync();
        var ns = await h.CreateNamespaceAsync("team");
        await h.Core.EnableMountAsync(MountTable.NewEntry("db/", FakeLeasingEngine.Type, "", false, 0, 0,
            new Dictionary<string, string>(), ns.Id));

        var response = await h.IssueAsync(ns: "team");

        Assert.Matches(new Regex($"^db/creds/ro/[0-9A-Za-z]{{24}}\\.{ns.Id}$"), response.LeaseId);
        Assert.Equal(ns.Id, h.Core.Leases.Find(response.LeaseId)!.NamespaceId);
    }

    [Fact]
    public async Task KvReadsGetNoLease()
    {
        await using var h = await LeaseHarness.StartAsync();
        await h.Core.EnableMountAsync(MountTable.NewEntry("kv/", "kv", "", false, 0, 0, new Dictionary<string, string>()));
        await h.SendAsync(Operation.Update, "kv/a", """{"ttl":"1h","v":1}""");

        var read = await h.SendAsync(Operation.Read, "kv/a");

        Assert.Equal("", read!.LeaseId);
        Assert.Equal(0, h.Core.Leases.Count);
    }

    [Fact]
    public async Task ALeaseOfABatchTokenEndsWithTheToken()
    {
        await using var h = await LeaseHarness.StartAsync();
        var batch = await h.TokenWithPolicyAsync("creds", LeaseHarness.ReadCredsPolicy, ""","type":"batch","ttl":"30s" """);

        var response = await h.IssueAsync(token: batch);

        Assert.Equal(30, response.LeaseDuration);
        var root = await h.Core.Tokens.LookupAsync(h.RootToken);
        Assert.Equal(root!.Accessor, h.Core.Leases.Find(response.LeaseId)!.TokenAccessor);
    }

    [Fact]
    public async Task AnUnknownEngineTypeIsStillRefused()
    {
        await using var h = await LeaseHarness.StartAsync();

        var error = await h.FailsAsync(Operation.Update, "sys/mounts/x", """{"type":"no-such-engine"}""");

        Assert.Equal("plugin not found in the catalog: no-such-engine", error.Message);
    }
}
