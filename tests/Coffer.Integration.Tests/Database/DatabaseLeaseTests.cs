namespace Coffer.Integration.Tests.Database;

/// <summary>
/// Database credentials end to end through the core's lease manager (<c>sys/leases/*</c>) of a real server: revoke,
/// expiry, renew, and revocation retried across a PostgreSQL outage.
/// </summary>
[Collection(DatabaseCollection.Name)]
public sealed class DatabaseLeaseTests(DatabaseTestEnvironment env)
{
    [Fact]
    public async Task CredsComeWithARenewableLease()
    {
        var mount = await ReadyMountAsync("1h");
        var creds = (await env.SendAsync("GET", $"/v1/{mount}/creds/app", expect: 200)).Body;
        Assert.StartsWith($"{mount}/creds/app/", (string)creds["lease_id"]!);
        Assert.True((bool)creds["renewable"]!);
        Assert.Equal(3600, (long)creds["lease_duration"]!);
    }

    [Fact]
    public async Task RevokingTheLeaseDropsTheRole()
    {
        var mount = await ReadyMountAsync("1h");
        var (leaseId, username, password) = await IssueAsync(mount);
        Assert.Null(await env.Postgres.TryLoginAsync(username, password));
        await env.SendAsync("PUT", "/v1/sys/leases/revoke", $$"""{"lease_id":"{{leaseId}}"}""", expect: 204);
        await WaitUntilDroppedAsync(username, TimeSpan.FromSeconds(15));
        Assert.NotNull(await env.Postgres.TryLoginAsync(username, password));
    }

    [Fact]
    public async Task AnExpiredLeaseDropsTheRole()
    {
        var mount = await ReadyMountAsync("2s");
        var (_, username, _) = await IssueAsync(mount);
        Assert.True(await env.Postgres.RoleExistsAsync(username));
        await WaitUntilDroppedAsync(username, TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task RenewingTheLeaseMovesValidUntil()
    {
        var mount = await ReadyMountAsync("10m");
        var (leaseId, username, _) = await IssueAsync(mount);
        var before = await ValidUntilAsync(username);
        var (status, body) = await env.SendAsync("PUT", "/v1/sys/leases/renew", $$"""{"lease_id":"{{leaseId}}","increment":3600}""");
        Assert.Equal(200, status);
        Assert.Equal(leaseId, (string)body["lease_id"]!);
        Assert.Equal(3600, (long)body["lease_duration"]!);
        var after = await ValidUntilAsync(username);
        Assert.True(after > before.AddMinutes(45), $"VALID UNTIL {before:o} -> {after:o}");
    }

    [Fact]
    public async Task RevocationIsRetriedUntilPostgresIsBack()
    {
        var mount = await ReadyMountAsync("2s");
        var (_, username, _) = await IssueAsync(mount);
        await env.Postgres.StopAsync();
        try
        {
            // Let the lease expire and the first revocation attempts fail.
            await Task.Delay(TimeSpan.FromSeconds(6));
        }
        finally
        {
            await env.Postgres.StartAgainAsync();
        }
        Assert.True(await env.Postgres.RoleExistsAsync(username));
        await WaitUntilDroppedAsync(username, TimeSpan.FromSeconds(90));
    }

    private async Task<string> ReadyMountAsync(string ttl)
    {
        var mount = await env.MountAsync();
        await env.ConfigureAsync(mount);
        await env.CreateRoleAsync(mount, "app", $$""","default_ttl":"{{ttl}}","max_ttl":"24h" """);
        return mount;
    }

    private async Task<(string LeaseId, string Username, string Password)> IssueAsync(string mount)
    {
        var body = (await env.SendAsync("GET", $"/v1/{mount}/creds/app", expect: 200)).Body;
        return ((string)body["lease_id"]!, (string)body["data"]!["username"]!, (string)body["data"]!["password"]!);
    }

    private async Task WaitUntilDroppedAsync(string username, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (await env.Postgres.RoleExistsAsync(username))
        {
            Assert.True(DateTime.UtcNow < deadline, $"{username} still exists after {timeout.TotalSeconds} s");
            await Task.Delay(250);
        }
    }

    private async Task<DateTime> ValidUntilAsync(string username) =>
        ((DateTime)(await env.Postgres.ScalarAsync("SELECT rolvaliduntil FROM pg_roles WHERE rolname = @n", ("n", username)))!).ToUniversalTime();
}
