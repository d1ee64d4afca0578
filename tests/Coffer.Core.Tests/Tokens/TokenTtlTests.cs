using System.Diagnostics;
using Coffer.Core.Routing;

namespace Coffer.Core.Tests.Tokens;

public sealed class TokenTtlTests
{
    [Fact]
    public async Task TokensGetTheDefaultTtlAndAreCappedAtTheMax()
    {
        var h = await TokenHarness.StartAsync(defaultTtl: 3600, maxTtl: 7200);
        var plain = await h.SendAsync(Operation.Update, "create", """{"policies":["a"]}""");
        Assert.Equal(3600, plain!.Auth!["lease_duration"]!.GetValue<long>());
        var capped = await h.SendAsync(Operation.Update, "create", """{"policies":["a"],"ttl":"5h"}""");
        Assert.Equal(7200, capped!.Auth!["lease_duration"]!.GetValue<long>());
        Assert.Contains("TTL of \"5h0m0s\" exceeded the effective max_ttl of \"2h0m0s\"; TTL value is capped accordingly", capped.Warnings);
        var seconds = await h.SendAsync(Operation.Update, "create", """{"policies":["a"],"lease":"90s"}""");
        Assert.Equal(90, seconds!.Auth!["lease_duration"]!.GetValue<long>());
    }

    [Fact]
    public async Task ExplicitMaxTtlIsAHardCapOnRenewal()
    {
        var h = await TokenHarness.StartAsync();
        var token = await h.CreateAsync("""{"policies":["a"],"ttl":"1h","explicit_max_ttl":"90m"}""");
        Assert.Equal(5400, (await h.LookupAsync(token))["explicit_max_ttl"]!.GetValue<long>());
        h.Clock.Advance(TimeSpan.FromMinutes(50));
        var renewed = await h.SendAsync(Operation.Update, "renew-self", """{"increment":"1h"}""", token);
        Assert.Equal(2400, renewed!.Auth!["lease_duration"]!.GetValue<long>());
        Assert.Single(renewed.Warnings);
        h.Clock.Advance(TimeSpan.FromMinutes(40));
        Assert.Null(await h.Store.LookupAsync(token));
        Assert.Equal("token not found", (await h.FailsAsync(Operation.Update, "renew", $$"""{"token":"{{token}}"}""")).Message);
    }

    [Fact]
    public async Task RenewalStopsAtTheMountMaximumCountedFromCreation()
    {
        var h = await TokenHarness.StartAsync(maxTtl: 7200);
        var token = await h.CreateAsync("""{"policies":["a"],"ttl":"1h"}""");
        h.Clock.Advance(TimeSpan.FromMinutes(50));
        var first = await h.SendAsync(Operation.Update, "renew", $$"""{"token":"{{token}}","increment":"1h"}""");
        Assert.Equal(3600, first!.Auth!["lease_duration"]!.GetValue<long>());
        h.Clock.Advance(TimeSpan.FromMinutes(40));
        var renewed = await h.SendAsync(Operation.Update, "renew", $$"""{"token":"{{token}}","increment":"1h"}""");
        Assert.Equal(1800, renewed!.Auth!["lease_duration"]!.GetValue<long>());
        Assert.Contains(renewed.Warnings, w => w.StartsWith("TTL of \"1h0m0s\" exceeded the effective max_ttl of \"30m0s\"", StringComparison.Ordinal));
        h.Clock.Advance(TimeSpan.FromMinutes(29));
        var entry = (await h.Store.LookupAsync(token))!;
        h.Clock.Advance(TimeSpan.FromMinutes(1));
        var gone = await Assert.ThrowsAsync<CofferError>(() => h.Store.RenewAsync(entry, 0));
        Assert.Equal("token not found", gone.Message);
    }

    [Fact]
    public void RenewingPastTheMaximumIsRefused()
    {
        var start = new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var error = Assert.Throws<CofferError>(() => Coffer.Core.Access.TokenTtl.Calculate(start.AddHours(3), start, 0, 3600, 0, 0, 0, 3600, 7200));
        Assert.Equal("past the max TTL, cannot renew", error.Message);
        var periodic = Coffer.Core.Access.TokenTtl.Calculate(start, start, 0, 0, 9000, 0, 0, 3600, 7200);
        Assert.Equal(7200, periodic.TtlSeconds);
        Assert.Equal(["period of \"2h30m0s\" exceeded the effective max_ttl of \"2h0m0s\"; period value is capped accordingly"], periodic.Warnings);
    }

    [Fact]
    public async Task PeriodicTokensResetToTheirPeriod()
    {
        var h = await TokenHarness.StartAsync(maxTtl: 7200);
        var token = await h.CreateAsync("""{"policies":["a"],"period":"1h"}""");
        Assert.Equal(3600, (await h.LookupAsync(token))["period"]!.GetValue<long>());
        for (var i = 0; i < 5; i++)
        {
            // Five hours in total: past the mount's 2h maximum, which periodic tokens ignore.
            h.Clock.Advance(TimeSpan.FromMinutes(50));
            var renewed = await h.SendAsync(Operation.Update, "renew-self", """{"increment":"10h"}""", token);
            Assert.Equal(3600, renewed!.Auth!["lease_duration"]!.GetValue<long>());
        }

        var capped = await h.CreateAsync("""{"policies":["a"],"period":"1h","explicit_max_ttl":"90m"}""");
        h.Clock.Advance(TimeSpan.FromMinutes(50));
        var last = await h.SendAsync(Operation.Update, "renew-self", "{}", capped);
        Assert.Equal(2400, last!.Auth!["lease_duration"]!.GetValue<long>());
    }

    [Fact]
    public async Task PeriodsNeedSudo()
    {
        var h = await TokenHarness.StartAsync();
        var parent = await h.CreateAsync("""{"policies":["a"]}""");
        Assert.Equal("root or sudo privileges required to create periodic token",
            (await h.FailsAsync(Operation.Update, "create", """{"period":"1h"}""", parent, sudo: false)).Message);
        var periodic = await h.SendAsync(Operation.Update, "create", """{"period":"1h"}""", parent, sudo: true);
        Assert.Equal(3600, periodic!.Auth!["lease_duration"]!.GetValue<long>());
    }

    [Fact]
    public async Task OnlyANonExpiringRootMayMakeNonExpiringRootTokens()
    {
        var h = await TokenHarness.StartAsync();
        var forever = await h.SendAsync(Operation.Update, "create", "{}");
        Assert.Equal(0, forever!.Auth!["lease_duration"]!.GetValue<long>());
        Assert.False(forever.Auth["renewable"]!.GetValue<bool>());
        var foreverToken = forever.Auth["client_token"]!.GetValue<string>();
        Assert.Null((await h.LookupAsync(foreverToken))["expire_time"]);

        var expiring = await h.CreateAsync("""{"ttl":"1h"}""");
        Assert.Equal("expiring root tokens cannot create non-expiring root tokens",
            (await h.FailsAsync(Operation.Update, "create", "{}", expiring)).Message);
        Assert.Equal("lease is not renewable", (await h.FailsAsync(Operation.Update, "renew-self", "{}")).Message);
    }

    [Fact]
    public async Task NonRenewableTokensCannotBeRenewed()
    {
        var h = await TokenHarness.StartAsync();
        var token = await h.CreateAsync("""{"policies":["a"],"renewable":"false"}""");
        Assert.False((await h.LookupAsync(token))["renewable"]!.GetValue<bool>());
        Assert.Equal("lease is not renewable", (await h.FailsAsync(Operation.Update, "renew", $$"""{"token":"{{token}}"}""")).Message);
    }

    [Fact]
    public async Task ExpiredTokensStopAtOnceAndTheSweepRevokesTheirTree()
    {
        var h = await TokenHarness.StartAsync();
        var revoked = 0;
        h.Store.OnRevoke((_, _) =>
        {
            Interlocked.Increment(ref revoked);
            return Task.CompletedTask;
        });
        var parent = await h.CreateAsync("""{"policies":["a"],"ttl":"60s"}""");
        var child = await h.CreateAsync("""{"ttl":"1h"}""", parent);
        var parentEntry = (await h.Store.LookupAsync(parent))!;
        var childEntry = (await h.Store.LookupAsync(child))!;

        h.Clock.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal(0, await h.Store.RevokeExpiredAsync());
        Assert.NotNull(await h.Store.LookupAsync(parent));
        h.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Null(await h.Store.LookupAsync(parent));
        await Assert.ThrowsAsync<CofferError>(() => h.Store.AuthenticateAsync(parent, null));

        Assert.Equal(1, await h.Store.RevokeExpiredAsync());
        Assert.Equal(2, revoked);
        Assert.Null(await h.Store.LookupAsync(child));
        Assert.Null(await h.Barrier.GetAsync("sys/token/id/" + parentEntry.HashedId));
        Assert.Null(await h.Barrier.GetAsync("sys/token/id/" + childEntry.HashedId));
    }

    [Fact]
    public async Task ARenewedTokenOutlivesItsFirstExpiry()
    {
        var h = await TokenHarness.StartAsync();
        var token = await h.CreateAsync("""{"policies":["a"],"ttl":"60s"}""");
        h.Clock.Advance(TimeSpan.FromSeconds(30));
        await h.SendAsync(Operation.Update, "renew-self", """{"increment":"1h"}""", token);
        h.Clock.Advance(TimeSpan.FromSeconds(40));
        Assert.Equal(0, await h.Store.RevokeExpiredAsync());
        Assert.NotNull(await h.Store.LookupAsync(token));
    }

    [Fact]
    public async Task TheExpiryQueueIsRebuiltAtLoad()
    {
        var h = await TokenHarness.StartAsync();
        var token = await h.CreateAsync("""{"policies":["a"],"ttl":"60s"}""");
        var hashedId = (await h.Store.LookupAsync(token))!.HashedId;
        h.Store.Unload();
        await h.Store.LoadAsync();
        h.Clock.Advance(TimeSpan.FromSeconds(61));
        Assert.Equal(1, await h.Store.RevokeExpiredAsync());
        Assert.Null(await h.Barrier.GetAsync("sys/token/id/" + hashedId));
    }

    [Fact]
    public async Task TheBackgroundSweepRevokesWithinItsInterval()
    {
        var h = await TokenHarness.StartAsync(sweepInterval: TimeSpan.FromMilliseconds(20));
        var token = await h.CreateAsync("""{"policies":["a"],"ttl":"5s"}""");
        var hashedId = (await h.Store.LookupAsync(token))!.HashedId;
        h.Clock.Advance(TimeSpan.FromSeconds(6));
        var waited = Stopwatch.StartNew();
        while (await h.Barrier.GetAsync("sys/token/id/" + hashedId) is not null)
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(5), "the sweep did not revoke the expired token");
            await Task.Delay(10);
        }
        h.Store.Unload();
    }

    [Fact]
    public async Task TheBackgroundSweepReportsFailuresAndRetries()
    {
        var h = await TokenHarness.StartAsync(sweepInterval: TimeSpan.FromMilliseconds(20));
        var failing = 1;
        var reported = new TaskCompletionSource<Exception>(TaskCreationOptions.RunContinuationsAsynchronously);
        h.Store.BackgroundError += error => reported.TrySetResult(error);
        h.Store.OnRevoke((_, _) => Volatile.Read(ref failing) == 1 ? throw new InvalidOperationException("leases unavailable") : Task.CompletedTask);
        var token = await h.CreateAsync("""{"policies":["a"],"ttl":"5s"}""");
        var hashedId = (await h.Store.LookupAsync(token))!.HashedId;
        h.Clock.Advance(TimeSpan.FromSeconds(6));

        var error = await reported.Task.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Contains("leases unavailable", error.ToString());
        Volatile.Write(ref failing, 0);
        h.Clock.Advance(TimeSpan.FromSeconds(11));
        var waited = Stopwatch.StartNew();
        while (await h.Barrier.GetAsync("sys/token/id/" + hashedId) is not null)
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(5), "the sweep did not retry the failed revocation");
            await Task.Delay(10);
        }
        h.Store.Unload();
    }
}
