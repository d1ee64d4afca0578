using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Coffer.Core;
using Coffer.Core.Barrier;
using Coffer.Core.Engines.Database;
using Coffer.Core.Leases;
using Coffer.Core.Routing;
using Coffer.Core.Storage;

namespace Coffer.Integration.Tests.Database;

/// <summary>
/// The engine's renew and revoke hooks (what the lease manager calls) against the real PostgreSQL, driving the engine
/// in-process so each hook is exercised on its own.
/// </summary>
[Collection(DatabaseCollection.Name)]
public sealed class DatabaseLeaseHookTests(DatabaseTestEnvironment env) : IAsyncLifetime
{
    private DatabaseBackend _engine = null!;

    public async Task InitializeAsync()
    {
        var barrier = new AesGcmBarrier(new InMemPhysical(), SystemClock.Instance);
        var rootKey = RandomNumberGenerator.GetBytes(32);
        await barrier.InitializeAsync(rootKey);
        await barrier.UnsealAsync(rootKey);
        _engine = new DatabaseBackend(new StorageView(barrier, "logical/db/"), () => (3600, 86400));
        await SendAsync(Operation.Update, "config/pg", new JsonObject
        {
            ["plugin_name"] = "postgresql-database-plugin",
            ["connection_url"] = env.Postgres.ConnectionUrl,
            ["username"] = "postgres",
            ["password"] = env.Postgres.Password,
            ["allowed_roles"] = "*",
        });
        await SendAsync(Operation.Update, "roles/app", new JsonObject
        {
            ["db_name"] = "pg",
            ["creation_statements"] = "CREATE ROLE \"{{name}}\" WITH LOGIN PASSWORD '{{password}}' VALID UNTIL '{{expiration}}'; GRANT SELECT ON ALL TABLES IN SCHEMA public TO \"{{name}}\";",
            ["default_ttl"] = "10m",
            ["max_ttl"] = "1h",
        });
    }

    public async Task DisposeAsync() => await _engine.DisposeAsync();

    [Fact]
    public async Task RevokingTheLeaseDropsTheAccount()
    {
        var (lease, username, password) = await IssueAsync();
        Assert.Null(await env.Postgres.TryLoginAsync(username, password));
        await _engine.RevokeLeaseAsync(lease, default);
        Assert.False(await env.Postgres.RoleExistsAsync(username));
        Assert.NotNull(await env.Postgres.TryLoginAsync(username, password));
        // Revoking again (a retry after a partial success) is harmless.
        await _engine.RevokeLeaseAsync(lease, default);
    }

    [Fact]
    public async Task RevokingAnAccountThatOwnsObjectsStillDropsIt()
    {
        var (lease, username, password) = await IssueAsync();
        var table = "owned_" + Convert.ToHexString(RandomNumberGenerator.GetBytes(4)).ToLowerInvariant();
        await env.Postgres.ExecuteAsync($"GRANT CREATE ON SCHEMA public TO \"{username}\"");
        await using (var connection = new Npgsql.NpgsqlConnection(env.Postgres.ConnectionString(username, password)))
        {
            await connection.OpenAsync();
            await using var command = new Npgsql.NpgsqlCommand($"CREATE TABLE {table} (id int)", connection);
            await command.ExecuteNonQueryAsync();
        }
        await _engine.RevokeLeaseAsync(lease, default);
        Assert.False(await env.Postgres.RoleExistsAsync(username));
        await env.Postgres.ExecuteAsync($"DROP TABLE IF EXISTS {table}");
    }

    [Fact]
    public async Task RevokingWorksForAnEngineUserWithOnlyCreateRole()
    {
        await env.Postgres.ExecuteAsync("DROP ROLE IF EXISTS hook_root; CREATE ROLE hook_root WITH LOGIN CREATEROLE PASSWORD 'hook-root-pw'");
        await SendAsync(Operation.Update, "config/limited", new JsonObject
        {
            ["plugin_name"] = "postgresql-database-plugin",
            ["connection_url"] = env.Postgres.ConnectionUrl,
            ["username"] = "hook_root",
            ["password"] = "hook-root-pw",
            ["allowed_roles"] = "limited-app",
        });
        await SendAsync(Operation.Update, "roles/limited-app", new JsonObject
        {
            ["db_name"] = "limited",
            ["creation_statements"] = "CREATE ROLE \"{{name}}\" WITH LOGIN PASSWORD '{{password}}' VALID UNTIL '{{expiration}}';",
        });
        var (lease, username, password) = await IssueAsync("limited-app");
        Assert.Null(await env.Postgres.TryLoginAsync(username, password));
        await _engine.RevokeLeaseAsync(lease, default);
        Assert.False(await env.Postgres.RoleExistsAsync(username));
    }

    [Fact]
    public async Task RenewingMovesValidUntilAndCapsAtMaxTtl()
    {
        var (lease, username, _) = await IssueAsync();
        var before = await ValidUntilAsync(username);
        Assert.InRange(before, DateTime.UtcNow.AddMinutes(9), DateTime.UtcNow.AddMinutes(11));

        var renewed = await _engine.RenewLeaseAsync(lease with { IncrementSeconds = 1800 }, default);
        Assert.Equal(1800, renewed.Secret!.TtlSeconds);
        Assert.InRange(await ValidUntilAsync(username), DateTime.UtcNow.AddMinutes(29), DateTime.UtcNow.AddMinutes(31));

        // Asking for more than the role's max_ttl from issue time gets only up to that bound.
        var capped = await _engine.RenewLeaseAsync(lease with { IncrementSeconds = 7200 }, default);
        Assert.InRange(capped.Secret!.TtlSeconds, 3500, 3600);
        Assert.InRange(await ValidUntilAsync(username), DateTime.UtcNow.AddMinutes(58), DateTime.UtcNow.AddMinutes(61));
        await _engine.RevokeLeaseAsync(lease, default);
    }

    [Fact]
    public async Task RevocationFailsWhilePostgresIsDownAndSucceedsAfter()
    {
        var (lease, username, _) = await IssueAsync();
        await env.Postgres.StopAsync();
        try
        {
            var error = await Assert.ThrowsAnyAsync<Exception>(() => _engine.RevokeLeaseAsync(lease, default));
            Assert.DoesNotContain(env.Postgres.Password, error.Message);
        }
        finally
        {
            await env.Postgres.StartAgainAsync();
        }
        Assert.True(await env.Postgres.RoleExistsAsync(username));
        await _engine.RevokeLeaseAsync(lease, default);
        Assert.False(await env.Postgres.RoleExistsAsync(username));
    }

    [Fact]
    public async Task RoleRevocationStatementsAreUsedWhenSet()
    {
        await SendAsync(Operation.Update, "roles/custom", new JsonObject
        {
            ["db_name"] = "pg",
            ["creation_statements"] = "CREATE ROLE \"{{name}}\" WITH LOGIN PASSWORD '{{password}}';",
            ["revocation_statements"] = "ALTER ROLE \"{{name}}\" NOLOGIN;",
        });
        var (lease, username, password) = await IssueAsync("custom");
        await _engine.RevokeLeaseAsync(lease, default);
        Assert.True(await env.Postgres.RoleExistsAsync(username));
        Assert.NotNull(await env.Postgres.TryLoginAsync(username, password));
        await env.Postgres.ExecuteAsync($"DROP ROLE \"{username}\"");
    }

    private async Task<(LeaseContext Lease, string Username, string Password)> IssueAsync(string role = "app")
    {
        var response = (await SendAsync(Operation.Read, "creds/" + role))!;
        var secret = response.Secret!;
        Assert.True(secret.Renewable);
        var lease = new LeaseContext($"database/creds/{role}/x", "creds/" + role, secret.InternalData, DateTimeOffset.UtcNow, 0);
        return (lease, (string)response.Data!["username"]!, (string)response.Data!["password"]!);
    }

    private async Task<DateTime> ValidUntilAsync(string username) =>
        ((DateTime)(await env.Postgres.ScalarAsync("SELECT rolvaliduntil FROM pg_roles WHERE rolname = @n", ("n", username)))!).ToUniversalTime();

    private Task<Response?> SendAsync(Operation operation, string path, JsonObject? data = null) =>
        _engine.HandleAsync(new Request { Operation = operation, Path = "database/" + path, MountRelativePath = path, Data = data ?? new JsonObject() }, default);
}
