using Coffer.Core.Leases;
using Coffer.Core.Routing;
using Coffer.Core.Storage;

namespace Coffer.Core.Tests.Leases;

public sealed class LeaseExpiryTests
{
    [Fact]
    public async Task AnExpiredLeaseIsRevokedThroughItsEngineAndDeleted()
    {
        await using var h = await LeaseHarness.StartAsync();
        var response = await h.IssueAsync();
        var user = response.Data!["username"]!.GetValue<string>();

        h.Clock.Advance(TimeSpan.FromSeconds(59));
        await h.Core.Leases.RevokeDueAsync();
        Assert.True(h.Engine.LiveUsers.ContainsKey(user));

        await h.AdvanceAsync(TimeSpan.FromSeconds(1), () => h.Core.Leases.Count == 0);
        Assert.Equal([user], h.Engine.Revoked);
        Assert.Null(await h.Core.Barrier.GetAsync(LeaseManager.IdPrefix + response.LeaseId));
        Assert.Equal("invalid lease", (await h.FailsAsync(Operation.Update, "sys/leases/lookup", $$"""{"lease_id":"{{response.LeaseId}}"}""")).Message);
    }

    [Fact]
    public async Task ARenewalPostponesExpiry()
    {
        await using var h = await LeaseHarness.StartAsync();
        var leaseId = (await h.IssueAsync()).LeaseId;
        h.Clock.Advance(TimeSpan.FromSeconds(50));
        await h.SendAsync(Operation.Update, "sys/leases/renew", $$"""{"lease_id":"{{leaseId}}","increment":120}""");

        h.Clock.Advance(TimeSpan.FromSeconds(100));
        await h.Core.Leases.RevokeDueAsync();
        Assert.NotNull(h.Core.Leases.Find(leaseId));

        await h.AdvanceAsync(TimeSpan.FromSeconds(20), () => h.Core.Leases.Count == 0);
        Assert.Single(h.Engine.Revoked);
    }

    [Fact]
    public async Task ALeaseSurvivesASealAndStillExpiresOnTime()
    {
        await using var h = await LeaseHarness.StartAsync();
        var leaseId = (await h.IssueAsync()).LeaseId;
        await h.Core.SealAsync(h.RootToken);
        await h.Core.SubmitUnsealKeyAsync(h.UnsealKey);

        Assert.Equal(h.Clock.UtcNow.AddSeconds(60), h.Core.Leases.Find(leaseId)!.ExpireTime);
        h.Clock.Advance(TimeSpan.FromSeconds(30));
        await h.Core.Leases.RevokeDueAsync();
        Assert.Empty(h.Engine.Revoked);
        await h.AdvanceAsync(TimeSpan.FromSeconds(30), () => h.Core.Leases.Count == 0);
        Assert.Single(h.Engine.Revoked);
    }

    [Fact]
    public async Task ALeaseSurvivesARestartOnSqlite()
    {
        var directory = Directory.CreateTempSubdirectory("coffer-leases-");
        try
        {
            var path = Path.Combine(directory.FullName, "coffer.db");
            LeaseHarness first;
            string leaseId;
            await using (first = await LeaseHarness.StartAsync(await SqlitePhysical.OpenAsync(path)))
            {
                leaseId = (await first.IssueAsync()).LeaseId;
                await first.SendAsync(Operation.Update, "sys/leases/renew", $$"""{"lease_id":"{{leaseId}}","increment":300}""");
            }

            await using var second = await LeaseHarness.RestartAsync(await SqlitePhysical.OpenAsync(path), first);
            var lookup = await second.LookupAsync(leaseId);
            Assert.Equal(300, lookup["ttl"]!.GetValue<long>());
            Assert.NotNull(lookup["last_renewal"]);

            await second.AdvanceAsync(TimeSpan.FromSeconds(300), () => second.Core.Leases.Count == 0);
            Assert.Single(second.Engine.Revoked);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task FailedRevocationsBackOffThenTheLeaseBecomesIrrevocable()
    {
        await using var h = await LeaseHarness.StartAsync();
        var failures = new List<string>();
        h.Core.Leases.RevocationFailed += (entry, _) => { lock (failures) { failures.Add(entry.LeaseId); } };
        h.Engine.FailRevocations = true;
        var leaseId = (await h.IssueAsync()).LeaseId;

        await h.AdvanceAsync(TimeSpan.FromSeconds(60), () => h.Core.Leases.Find(leaseId)!.RevokeFailures == 1);
        var first = h.Core.Leases.Find(leaseId)!;
        Assert.Equal("database is down", first.LastRevokeError);
        Assert.Equal(h.Clock.UtcNow.AddSeconds(1), first.NextRevokeAttempt);

        // Each retry waits four times as long as the one before: 1, 4, 16, 64, 256 seconds.
        foreach (var (wait, count) in new[] { (1, 2), (4, 3), (16, 4), (64, 5) })
        {
            h.Clock.Advance(TimeSpan.FromSeconds(wait - 0.5));
            await h.Core.Leases.RevokeDueAsync();
            Assert.Equal(count - 1, h.Core.Leases.Find(leaseId)!.RevokeFailures);
            await h.AdvanceAsync(TimeSpan.FromSeconds(0.5), () => h.Core.Leases.Find(leaseId)!.RevokeFailures == count);
        }
        Assert.Equal(h.Clock.UtcNow.AddSeconds(256), h.Core.Leases.Find(leaseId)!.NextRevokeAttempt);
        await h.AdvanceAsync(TimeSpan.FromSeconds(256), () => h.Core.Leases.Find(leaseId)!.Irrevocable);

        var lease = h.Core.Leases.Find(leaseId)!;
        Assert.Equal(LeaseManager.MaxRevokeAttempts, lease.RevokeFailures);
        Assert.Equal("out of retries: database is down", lease.LastRevokeError);
        Assert.Equal(1, h.Core.Leases.IrrevocableCount);
        Assert.Equal(6, h.Core.Leases.ExpirationErrors);
        Assert.Equal(6, failures.Count);
        Assert.Equal(6, h.Engine.RevokeAttempts);

        // Given up on, but never forgotten: no more automatic attempts, still listed and looked up.
        h.Clock.Advance(TimeSpan.FromHours(1));
        await h.Core.Leases.RevokeDueAsync();
        Assert.Equal(6, h.Engine.RevokeAttempts);
        var lookup = await h.LookupAsync(leaseId);
        Assert.True(lookup["irrevocable"]!.GetValue<bool>());
        Assert.False(lookup["renewable"]!.GetValue<bool>());
        Assert.Equal("lease is expired and has failed previous revocation attempts",
            (await h.FailsAsync(Operation.Update, "sys/leases/renew", $$"""{"lease_id":"{{leaseId}}"}""")).Message);
        var listed = await h.SendAsync(Operation.Read, "sys/leases", """{"type":"irrevocable"}""");
        Assert.Equal(1, listed!.Data!["lease_count"]!.GetValue<int>());
        Assert.Equal(leaseId, listed.Data["leases"]![0]!["lease_id"]!.GetValue<string>());
        Assert.Equal("out of retries: database is down", listed.Data["leases"]![0]!["error"]!.GetValue<string>());
        var counted = await h.SendAsync(Operation.Read, "sys/leases/count", """{"type":"irrevocable"}""");
        Assert.Equal(1, counted!.Data!["lease_count"]!.GetValue<int>());
        var accessor = h.Core.Mounts.Entries.Single(m => m.Path == "db/").Accessor;
        Assert.Equal(1, counted.Data["counts"]![accessor]!.GetValue<int>());

        // Once the engine works again an operator's revocation clears it.
        h.Engine.FailRevocations = false;
        await h.SendAsync(Operation.Update, "sys/leases/revoke", $$"""{"lease_id":"{{leaseId}}"}""");
        Assert.Equal(0, h.Core.Leases.Count);
        Assert.Equal(0, h.Core.Leases.IrrevocableCount);
    }

    [Fact]
    public async Task AnIrrevocableLeaseIsTriedAgainOnceADay()
    {
        await using var h = await LeaseHarness.StartAsync();
        h.Engine.FailRevocations = true;
        var leaseId = (await h.IssueAsync()).LeaseId;
        await h.AdvanceAsync(TimeSpan.FromSeconds(60), () => h.Core.Leases.Find(leaseId)!.RevokeFailures == 1);
        foreach (var wait in new[] { 1, 4, 16, 64, 256 })
        {
            var before = h.Core.Leases.Find(leaseId)!.RevokeFailures;
            await h.AdvanceAsync(TimeSpan.FromSeconds(wait), () => h.Core.Leases.Find(leaseId)!.RevokeFailures == before + 1);
        }
        Assert.True(h.Core.Leases.Find(leaseId)!.Irrevocable);

        await h.AdvanceAsync(TimeSpan.FromDays(1), () => h.Core.Leases.Find(leaseId)!.RevokeFailures == 7);
        Assert.True(h.Core.Leases.Find(leaseId)!.Irrevocable);

        h.Engine.FailRevocations = false;
        await h.AdvanceAsync(TimeSpan.FromDays(1), () => h.Core.Leases.Count == 0);
        Assert.Single(h.Engine.Revoked);
    }

    [Fact]
    public async Task FailureCountsSurviveARestart()
    {
        var physical = new InMemPhysical();
        await using var h = await LeaseHarness.StartAsync(physical);
        h.Engine.FailRevocations = true;
        var leaseId = (await h.IssueAsync()).LeaseId;
        await h.AdvanceAsync(TimeSpan.FromSeconds(60), () => h.Core.Leases.Find(leaseId)!.RevokeFailures == 1);

        await h.Core.SealAsync(h.RootToken);
        await h.Core.SubmitUnsealKeyAsync(h.UnsealKey);

        var reloaded = h.Core.Leases.Find(leaseId)!;
        Assert.Equal(1, reloaded.RevokeFailures);
        Assert.Equal("database is down", reloaded.LastRevokeError);
        h.Engine.FailRevocations = false;
        await h.AdvanceAsync(TimeSpan.FromSeconds(1), () => h.Core.Leases.Count == 0);
        Assert.Single(h.Engine.Revoked);
    }

    [Fact]
    public async Task WithAFailingEngineTheSweepKeepsGoingForOtherLeases()
    {
        await using var h = await LeaseHarness.StartAsync();
        h.Engine.FailRevocations = true;
        var failing = (await h.IssueAsync()).LeaseId;
        await h.AdvanceAsync(TimeSpan.FromSeconds(60), () => h.Core.Leases.Find(failing)!.RevokeFailures == 1);
        h.Engine.FailRevocations = false;
        h.Engine.TtlSeconds = 5;
        var healthy = (await h.IssueAsync()).LeaseId;

        await h.AdvanceAsync(TimeSpan.FromSeconds(5), () => h.Core.Leases.Count == 0);

        Assert.Null(h.Core.Leases.Find(healthy));
        Assert.Equal(2, h.Engine.Revoked.Count);
    }
}
