using System.Net;
using System.Text.Json.Nodes;
using Coffer.Core.Routing;

namespace Coffer.Core.Tests.Leases;

public sealed class LeaseRenewalTests
{
    [Fact]
    public async Task RenewalRunsFromNowForTheIncrement()
    {
        await using var h = await LeaseHarness.StartAsync();
        var leaseId = (await h.IssueAsync()).LeaseId;
        h.Clock.Advance(TimeSpan.FromSeconds(20));

        var renewed = await h.SendAsync(Operation.Update, "sys/leases/renew", $$"""{"lease_id":"{{leaseId}}","increment":"5m"}""");

        Assert.Equal(leaseId, renewed!.LeaseId);
        Assert.Equal(300, renewed.LeaseDuration);
        Assert.True(renewed.Renewable);
        var context = Assert.Single(h.Engine.Renewals);
        Assert.Equal(300, context.IncrementSeconds);
        Assert.Equal("creds/ro", context.MountRelativePath);
        Assert.Equal(h.Clock.UtcNow.AddSeconds(-20), context.IssueTime);
        var lookup = await h.LookupAsync(leaseId);
        Assert.Equal(300, lookup["ttl"]!.GetValue<long>());
        Assert.NotNull(lookup["last_renewal"]);
    }

    [Fact]
    public async Task WithoutAnIncrementTheEngineTtlThenTheDefaultApplies()
    {
        await using var h = await LeaseHarness.StartAsync(mountDefaultTtl: 120);
        var leaseId = (await h.IssueAsync()).LeaseId;

        h.Engine.RenewTtlSeconds = 45;
        Assert.Equal(45, (await h.SendAsync(Operation.Update, "sys/renew/" + leaseId))!.LeaseDuration);

        h.Engine.RenewTtlSeconds = 0;
        Assert.Equal(120, (await h.SendAsync(Operation.Update, "sys/leases/renew/" + leaseId))!.LeaseDuration);
    }

    [Fact]
    public async Task RenewalNeverGoesBeyondIssueTimePlusTheMaxTtl()
    {
        await using var h = await LeaseHarness.StartAsync();
        h.Engine.MaxTtlSeconds = 100;
        var leaseId = (await h.IssueAsync()).LeaseId;
        h.Clock.Advance(TimeSpan.FromSeconds(55));

        var renewed = await h.SendAsync(Operation.Update, "sys/leases/renew", $$"""{"lease_id":"{{leaseId}}","increment":1000}""");

        Assert.Equal(45, renewed!.LeaseDuration);
        Assert.Equal("TTL of \"16m40s\" exceeded the effective max_ttl of \"45s\"; TTL value is capped accordingly", Assert.Single(renewed.Warnings));
        Assert.Equal(h.Clock.UtcNow.AddSeconds(45), h.Core.Leases.Find(leaseId)!.ExpireTime);
    }

    [Fact]
    public async Task TheMountMaxAlsoCapsRenewals()
    {
        await using var h = await LeaseHarness.StartAsync(mountMaxTtl: 90);
        var leaseId = (await h.IssueAsync()).LeaseId;
        h.Clock.Advance(TimeSpan.FromSeconds(30));

        var renewed = await h.SendAsync(Operation.Update, "sys/leases/renew", $$"""{"lease_id":"{{leaseId}}","increment":3600}""");

        Assert.Equal(60, renewed!.LeaseDuration);
    }

    [Fact]
    public async Task TheBodyLeaseIdWinsOverTheUrl()
    {
        await using var h = await LeaseHarness.StartAsync();
        var leaseId = (await h.IssueAsync()).LeaseId;

        var renewed = await h.SendAsync(Operation.Update, "sys/leases/renew/db/creds/ro/nope", $$"""{"lease_id":"{{leaseId}}"}""");

        Assert.Equal(leaseId, renewed!.LeaseId);
    }

    [Theory]
    [InlineData("{}", "lease_id must be specified")]
    [InlineData("""{"lease_id":"db/creds/ro/unknown"}""", "lease not found")]
    public async Task BadRenewalsAre400(string body, string message)
    {
        await using var h = await LeaseHarness.StartAsync();

        var error = await h.FailsAsync(Operation.Update, "sys/leases/renew", body);

        Assert.Equal(HttpStatusCode.BadRequest, error.Status);
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public async Task NonRenewableAndExpiredLeasesAreRefused()
    {
        await using var h = await LeaseHarness.StartAsync();
        h.Engine.Renewable = false;
        var fixedLease = (await h.IssueAsync()).LeaseId;
        h.Engine.Renewable = true;
        h.Engine.FailRevocations = true;
        var expiring = (await h.IssueAsync()).LeaseId;

        var notRenewable = await h.FailsAsync(Operation.Update, "sys/leases/renew", $$"""{"lease_id":"{{fixedLease}}"}""");
        h.Clock.Advance(TimeSpan.FromSeconds(61));
        var expired = await h.FailsAsync(Operation.Update, "sys/leases/renew", $$"""{"lease_id":"{{expiring}}"}""");

        Assert.Equal("lease is not renewable", notRenewable.Message);
        Assert.Equal("lease expired", expired.Message);
        Assert.Empty(h.Engine.Renewals);
        Assert.False((await h.LookupAsync(fixedLease))["renewable"]!.GetValue<bool>());
    }

    [Fact]
    public async Task ALeaseIsRenewedOnlyFromItsOwnNamespace()
    {
        await using var h = await LeaseHarness.StartAsync();
        var ns = await h.CreateNamespaceAsync("team");
        await h.Core.EnableMountAsync(MountTable.NewEntry("db/", FakeLeasingEngine.Type, "", false, 0, 0,
            new Dictionary<string, string>(), ns.Id));
        var leaseId = (await h.IssueAsync(ns: "team")).LeaseId;

        var fromRoot = await h.FailsAsync(Operation.Update, "sys/leases/renew", new JsonObject { ["lease_id"] = leaseId }.ToJsonString());
        var fromOwn = await h.SendAsync(Operation.Update, "sys/leases/renew", new JsonObject { ["lease_id"] = leaseId }.ToJsonString(), ns: "team");

        Assert.Equal("cannot renew a lease across namespaces", fromRoot.Message);
        Assert.Equal(leaseId, fromOwn!.LeaseId);
    }

    [Fact]
    public async Task LookupShowsTheLeaseTimes()
    {
        await using var h = await LeaseHarness.StartAsync();
        var issued = h.Clock.UtcNow;
        var leaseId = (await h.IssueAsync()).LeaseId;
        h.Clock.Advance(TimeSpan.FromSeconds(10));

        var lookup = await h.LookupAsync(leaseId);

        Assert.Equal(leaseId, lookup["id"]!.GetValue<string>());
        Assert.Equal("2030-01-01T12:00:00Z", lookup["issue_time"]!.GetValue<string>());
        Assert.Equal("2030-01-01T12:01:00Z", lookup["expire_time"]!.GetValue<string>());
        Assert.Null(lookup["last_renewal"]);
        Assert.True(lookup["renewable"]!.GetValue<bool>());
        Assert.Equal(50, lookup["ttl"]!.GetValue<long>());
        Assert.Equal(issued, h.Core.Leases.Find(leaseId)!.IssueTime);
    }

    [Theory]
    [InlineData("{}", "lease_id must be specified")]
    [InlineData("""{"lease_id":"db/creds/ro/unknown"}""", "invalid lease")]
    public async Task BadLookupsAre400(string body, string message)
    {
        await using var h = await LeaseHarness.StartAsync();

        var error = await h.FailsAsync(Operation.Update, "sys/leases/lookup", body);

        Assert.Equal(HttpStatusCode.BadRequest, error.Status);
        Assert.Equal(message, error.Message);
    }
}
