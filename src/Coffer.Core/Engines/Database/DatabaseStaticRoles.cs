using System.Text.Json.Nodes;
using Coffer.Core.Json;
using Coffer.Core.Routing;

namespace Coffer.Core.Engines.Database;

/// <summary>
/// Static roles: an existing account whose password Coffer sets on creation, on <c>rotate-role/:name</c> and whenever
/// its rotation period has passed. A background loop checks the stored roles; since the last rotation time is stored,
/// a restart picks up where the schedule was.
/// </summary>
public sealed class DatabaseStaticRoles : IAsyncDisposable
{
    private const string DefaultRotationStatement = "ALTER ROLE \"{{name}}\" WITH PASSWORD '{{password}}'";

    /// <summary>After a failed scheduled rotation, wait this long before trying that role again.</summary>
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(10);

    private readonly DatabaseStore _store;
    private readonly PostgresConnections _connections;
    private readonly IClock _clock;
    private readonly SemaphoreSlim _rotationLock = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly Dictionary<string, DateTimeOffset> _retryAfter = new();

    public DatabaseStaticRoles(DatabaseStore store, PostgresConnections connections, IClock clock, TimeSpan checkInterval)
    {
        _store = store;
        _connections = connections;
        _clock = clock;
        _loop = Task.Run(() => RotationLoopAsync(checkInterval, _stop.Token));
    }

    public async Task<Response?> HandleAsync(Request request, string[] segments, CancellationToken cancellationToken)
    {
        var isWrite = request.Operation is Operation.Create or Operation.Update;
        switch (segments)
        {
            case ["static-roles", ""] or ["static-roles"] when request.Operation == Operation.List:
                return Response.ListOf(await _store.ListAsync(DatabaseStore.StaticRolePrefix, cancellationToken));
            case ["static-roles", var name] when name.Length > 0:
                return await RoleAsync(request, DatabaseBackend.ValidName(name), cancellationToken);
            case ["static-creds", var name] when name.Length > 0 && request.Operation == Operation.Read:
                var role = await _store.GetStaticRoleAsync(DatabaseBackend.ValidName(name), cancellationToken)
                    ?? throw CofferError.BadRequest("unknown role: " + name);
                var now = _clock.UtcNow;
                return Response.WithData(new JsonObject
                {
                    ["username"] = role.Username,
                    ["password"] = role.Password,
                    ["last_vault_rotation"] = role.LastVaultRotation.ToString("o"),
                    ["rotation_period"] = role.RotationPeriodSeconds,
                    ["ttl"] = role.TtlSeconds(now),
                });
            case ["rotate-role", var name] when name.Length > 0 && isWrite:
                await RotateAsync(DatabaseBackend.ValidName(name), cancellationToken);
                return null;
            default:
                throw CofferError.UnsupportedPath(request.MountRelativePath);
        }
    }

    private async Task<Response?> RoleAsync(Request request, string name, CancellationToken cancellationToken)
    {
        switch (request.Operation)
        {
            case Operation.Read:
                var role = await _store.GetStaticRoleAsync(name, cancellationToken);
                return role is null ? null : Response.WithData(role.Describe(_clock.UtcNow));
            case Operation.Create or Operation.Update:
                await WriteAsync(name, request.Data, cancellationToken);
                return null;
            case Operation.Delete:
                await _rotationLock.WaitAsync(cancellationToken);
                try
                {
                    await _store.DeleteAsync(DatabaseStore.StaticRolePrefix + name, cancellationToken);
                }
                finally
                {
                    _rotationLock.Release();
                }
                return null;
            default:
                throw CofferError.UnsupportedOperation();
        }
    }

    /// <summary>A static role from a write; a new role's password is rotated at once, so only Coffer knows it.</summary>
    private async Task WriteAsync(string name, JsonObject data, CancellationToken cancellationToken)
    {
        if (await _store.GetRoleAsync(name, cancellationToken) is not null)
        {
            throw CofferError.BadRequest("Role and Static Role names must be unique");
        }
        await _rotationLock.WaitAsync(cancellationToken);
        try
        {
            var existing = await _store.GetStaticRoleAsync(name, cancellationToken);
            var role = Parse(data, existing);
            var config = await _store.GetConfigAsync(role.DbName, cancellationToken)
                ?? throw CofferError.BadRequest($"could not find database connection with name \"{role.DbName}\"");
            if (!config.AllowsRole(name))
            {
                throw CofferError.BadRequest($"\"{name}\" is not an allowed role");
            }
            if (existing is null)
            {
                role = await SetPasswordAsync(role, config, DatabaseCredentials.Password(), cancellationToken);
            }
            await _store.PutStaticRoleAsync(name, role, cancellationToken);
        }
        finally
        {
            _rotationLock.Release();
        }
    }

    internal static DatabaseStaticRole Parse(JsonObject data, DatabaseStaticRole? existing)
    {
        var username = LenientFields.GetString(data, "username");
        if (existing is not null && username is not null && username != existing.Username)
        {
            throw CofferError.BadRequest("cannot update static account username");
        }
        username ??= existing?.Username;
        if (string.IsNullOrEmpty(username))
        {
            throw CofferError.BadRequest("username is a required field to create a static account");
        }
        var dbName = LenientFields.GetString(data, "db_name") ?? existing?.DbName ?? "";
        if (dbName.Length == 0)
        {
            throw CofferError.BadRequest("empty database name attribute");
        }
        var period = LenientFields.GetDurationSeconds(data, "rotation_period") ?? existing?.RotationPeriodSeconds
            ?? throw CofferError.BadRequest("rotation_period is required to create static accounts");
        if (period < DatabaseStaticRole.MinRotationPeriodSeconds)
        {
            throw CofferError.BadRequest($"rotation_period must be {DatabaseStaticRole.MinRotationPeriodSeconds} seconds or more");
        }
        return new DatabaseStaticRole
        {
            DbName = dbName,
            Username = username,
            RotationPeriodSeconds = period,
            RotationStatements = PostgresStatements.Read(data, "rotation_statements") ?? existing?.RotationStatements ?? [],
            Password = existing?.Password ?? "",
            LastVaultRotation = existing?.LastVaultRotation ?? default,
            PendingPassword = existing?.PendingPassword ?? "",
        };
    }

    /// <summary>Rotates a static role now (<c>rotate-role/:name</c>).</summary>
    private async Task RotateAsync(string name, CancellationToken cancellationToken)
    {
        await _rotationLock.WaitAsync(cancellationToken);
        try
        {
            var role = await _store.GetStaticRoleAsync(name, cancellationToken)
                ?? throw CofferError.BadRequest("unknown role: " + name);
            var config = await _store.GetConfigAsync(role.DbName, cancellationToken)
                ?? throw CofferError.BadRequest($"could not find database connection with name \"{role.DbName}\"");
            // Written ahead: if the change below breaks after the database took it, the role stays due and the loop
            // sets yet another password shortly, rather than handing out a stale one until the next period.
            var password = DatabaseCredentials.Password();
            await _store.PutStaticRoleAsync(name, role with { PendingPassword = password }, cancellationToken);
            await _store.PutStaticRoleAsync(name, await SetPasswordAsync(role, config, password, cancellationToken), cancellationToken);
        }
        finally
        {
            _rotationLock.Release();
        }
    }

    /// <summary>Sets <paramref name="password"/> in the database and returns the role with it; the caller stores the role.</summary>
    private async Task<DatabaseStaticRole> SetPasswordAsync(DatabaseStaticRole role, DatabaseConfig config, string password,
        CancellationToken cancellationToken)
    {
        var templates = role.RotationStatements.Count > 0 ? role.RotationStatements : [DefaultRotationStatement];
        var statements = PostgresStatements.Prepare(templates, new Dictionary<string, string>
        {
            ["name"] = role.Username,
            ["username"] = role.Username,
            ["password"] = password,
        });
        try
        {
            await _connections.ExecuteAsync(role.DbName, config, statements, cancellationToken);
        }
        catch (Exception e) when (PostgresConnections.IsDatabaseFailure(e))
        {
            throw PostgresConnections.Failure("error setting credentials", e, config, password);
        }
        return role with { Password = password, LastVaultRotation = _clock.UtcNow, PendingPassword = "" };
    }

    private async Task RotationLoopAsync(TimeSpan interval, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(interval);
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                try
                {
                    await RotateDueAsync(stop);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // Sealed storage or a database outage: the next tick tries again; nothing here may end the loop.
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Rotates every static role whose period has passed since its last rotation, or whose last rotation broke.</summary>
    internal async Task RotateDueAsync(CancellationToken cancellationToken)
    {
        var names = await _store.ListAsync(DatabaseStore.StaticRolePrefix, cancellationToken);
        foreach (var name in names)
        {
            var now = _clock.UtcNow;
            if (_retryAfter.TryGetValue(name, out var retryAt) && now < retryAt)
            {
                continue;
            }
            var role = await _store.GetStaticRoleAsync(name, cancellationToken);
            if (role is null || !role.IsRotationDue(now))
            {
                continue;
            }
            try
            {
                await RotateAsync(name, cancellationToken);
                _retryAfter.Remove(name);
            }
            catch (CofferError)
            {
                _retryAfter[name] = now + RetryDelay;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }
}
