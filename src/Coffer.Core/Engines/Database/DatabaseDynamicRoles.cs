using System.Text.Json.Nodes;
using Coffer.Core.Json;
using Coffer.Core.Leases;
using Coffer.Core.Routing;

namespace Coffer.Core.Engines.Database;

/// <summary>
/// Dynamic roles: <c>roles/:name</c> holds the SQL, <c>creds/:name</c> creates a fresh account and hands it out under a
/// lease; renewing the lease moves the account's <c>VALID UNTIL</c>, revoking it removes the account.
/// </summary>
public sealed class DatabaseDynamicRoles(DatabaseStore store, PostgresConnections connections,
    Func<(long DefaultTtl, long MaxTtl)> mountTtls, IClock clock)
{
    private const string DefaultRenewStatement = "ALTER ROLE \"{{name}}\" VALID UNTIL '{{expiration}}'";

    public async Task<Response?> HandleAsync(Request request, string[] segments, CancellationToken cancellationToken)
    {
        switch (segments)
        {
            case ["roles", ""] or ["roles"] when request.Operation == Operation.List:
                return Response.ListOf(await store.ListAsync(DatabaseStore.RolePrefix, cancellationToken));
            case ["roles", var name] when name.Length > 0:
                return await RoleAsync(request, DatabaseBackend.ValidName(name), cancellationToken);
            case ["creds", var name] when name.Length > 0 && request.Operation == Operation.Read:
                return await CredsAsync(request, DatabaseBackend.ValidName(name), cancellationToken);
            default:
                throw CofferError.UnsupportedPath(request.MountRelativePath);
        }
    }

    private async Task<Response?> RoleAsync(Request request, string name, CancellationToken cancellationToken)
    {
        switch (request.Operation)
        {
            case Operation.Read:
                var role = await store.GetRoleAsync(name, cancellationToken);
                return role is null ? null : Response.WithData(role.Describe());
            case Operation.Create or Operation.Update:
                if (await store.GetStaticRoleAsync(name, cancellationToken) is not null)
                {
                    throw CofferError.BadRequest("Role and Static Role names must be unique");
                }
                var parsed = ParseRole(request.Data, await store.GetRoleAsync(name, cancellationToken));
                await store.PutRoleAsync(name, parsed, cancellationToken);
                return null;
            case Operation.Delete:
                await store.DeleteAsync(DatabaseStore.RolePrefix + name, cancellationToken);
                return null;
            default:
                throw CofferError.UnsupportedOperation();
        }
    }

    /// <summary>A role from a write; fields left out keep their stored values.</summary>
    internal static DatabaseRole ParseRole(JsonObject data, DatabaseRole? existing)
    {
        var dbName = LenientFields.GetString(data, "db_name") ?? existing?.DbName ?? "";
        if (dbName.Length == 0)
        {
            throw CofferError.BadRequest("empty database name attribute");
        }
        var creation = PostgresStatements.Read(data, "creation_statements") ?? existing?.CreationStatements ?? [];
        if (creation.Count == 0)
        {
            throw CofferError.BadRequest("creation_statements are required");
        }
        var defaultTtl = LenientFields.GetDurationSeconds(data, "default_ttl") ?? existing?.DefaultTtlSeconds ?? 0;
        var maxTtl = LenientFields.GetDurationSeconds(data, "max_ttl") ?? existing?.MaxTtlSeconds ?? 0;
        if (maxTtl > 0 && defaultTtl > maxTtl)
        {
            throw CofferError.BadRequest("ttl cannot be greater than max_ttl");
        }
        return new DatabaseRole
        {
            DbName = dbName,
            CreationStatements = creation,
            RevocationStatements = PostgresStatements.Read(data, "revocation_statements") ?? existing?.RevocationStatements ?? [],
            RenewStatements = PostgresStatements.Read(data, "renew_statements") ?? existing?.RenewStatements ?? [],
            RollbackStatements = PostgresStatements.Read(data, "rollback_statements") ?? existing?.RollbackStatements ?? [],
            DefaultTtlSeconds = defaultTtl,
            MaxTtlSeconds = maxTtl,
        };
    }

    private async Task<Response> CredsAsync(Request request, string roleName, CancellationToken cancellationToken)
    {
        var role = await store.GetRoleAsync(roleName, cancellationToken)
            ?? throw CofferError.BadRequest("unknown role: " + roleName);
        var config = await AllowedConfigAsync(role.DbName, roleName, cancellationToken);
        var ttl = EffectiveTtl(role.DefaultTtlSeconds, role.MaxTtlSeconds);
        var now = clock.UtcNow;
        var username = DatabaseCredentials.Username(request.Token?.DisplayName is { Length: > 0 } display ? display : "token", roleName, now);
        var password = DatabaseCredentials.Password();
        var values = new Dictionary<string, string>
        {
            ["name"] = username,
            ["username"] = username,
            ["password"] = password,
            ["expiration"] = PostgresStatements.FormatExpiration(now.AddSeconds(ttl)),
        };
        try
        {
            await connections.ExecuteAsync(role.DbName, config, PostgresStatements.Prepare(role.CreationStatements, values), cancellationToken);
        }
        catch (Exception e) when (PostgresConnections.IsDatabaseFailure(e))
        {
            await RollbackAsync(role, config, values);
            throw PostgresConnections.Failure("error creating database user", e, config, password);
        }
        return new Response
        {
            Data = new JsonObject { ["username"] = username, ["password"] = password },
            Secret = new SecretLease
            {
                InternalData = new JsonObject { ["username"] = username, ["role"] = roleName, ["db_name"] = role.DbName },
                TtlSeconds = ttl,
                MaxTtlSeconds = role.MaxTtlSeconds,
                Renewable = true,
            },
        };
    }

    /// <summary>The creation transaction already rolled back; rollback statements clean up what lives outside it.</summary>
    private async Task RollbackAsync(DatabaseRole role, DatabaseConfig config, Dictionary<string, string> values)
    {
        if (role.RollbackStatements.Count == 0)
        {
            return;
        }
        try
        {
            await connections.ExecuteAsync(role.DbName, config, PostgresStatements.Prepare(role.RollbackStatements, values), CancellationToken.None);
        }
        catch (Exception e) when (PostgresConnections.IsDatabaseFailure(e))
        {
            // The creation error is the one the client needs; a failed cleanup of a half-made account changes nothing for it.
        }
    }

    /// <summary>The config named by a role, refusing roles the config does not list in <c>allowed_roles</c>.</summary>
    private async Task<DatabaseConfig> AllowedConfigAsync(string dbName, string roleName, CancellationToken cancellationToken)
    {
        var config = await store.GetConfigAsync(dbName, cancellationToken)
            ?? throw CofferError.BadRequest($"could not find database connection with name \"{dbName}\"");
        if (!config.AllowsRole(roleName))
        {
            throw CofferError.BadRequest($"\"{roleName}\" is not an allowed role");
        }
        return config;
    }

    /// <summary>The role's TTL, else the mount's (else the system's), never above the role's max.</summary>
    private long EffectiveTtl(long roleTtl, long roleMaxTtl)
    {
        var (mountDefault, mountMax) = mountTtls();
        var ttl = roleTtl > 0 ? roleTtl : mountDefault;
        var max = roleMaxTtl > 0 ? roleMaxTtl : mountMax;
        return max > 0 ? Math.Min(ttl, max) : ttl;
    }

    public async Task<Response> RenewAsync(LeaseContext lease, CancellationToken cancellationToken)
    {
        var (username, roleName, dbName) = LeaseFields(lease);
        var role = await store.GetRoleAsync(roleName, cancellationToken)
            ?? throw CofferError.BadRequest($"error during renew: could not find role with name: {roleName}");
        var config = await store.GetConfigAsync(dbName, cancellationToken)
            ?? throw CofferError.BadRequest($"could not find database connection with name \"{dbName}\"");
        var now = clock.UtcNow;
        var ttl = lease.IncrementSeconds > 0 ? lease.IncrementSeconds : EffectiveTtl(role.DefaultTtlSeconds, role.MaxTtlSeconds);
        var max = role.MaxTtlSeconds > 0 ? role.MaxTtlSeconds : mountTtls().MaxTtl;
        var expiration = now.AddSeconds(ttl);
        if (max > 0 && expiration > lease.IssueTime.AddSeconds(max))
        {
            expiration = lease.IssueTime.AddSeconds(max);
            ttl = Math.Max(0, (long)(expiration - now).TotalSeconds);
        }
        var templates = role.RenewStatements.Count > 0 ? role.RenewStatements : [DefaultRenewStatement];
        var statements = PostgresStatements.Prepare(templates, new Dictionary<string, string>
        {
            ["name"] = username,
            ["username"] = username,
            ["expiration"] = PostgresStatements.FormatExpiration(expiration),
        });
        try
        {
            await connections.ExecuteAsync(dbName, config, statements, cancellationToken);
        }
        catch (Exception e) when (PostgresConnections.IsDatabaseFailure(e))
        {
            throw PostgresConnections.Failure("error renewing database user", e, config);
        }
        return new Response
        {
            Secret = new SecretLease { InternalData = lease.InternalData, TtlSeconds = ttl, MaxTtlSeconds = role.MaxTtlSeconds, Renewable = true },
        };
    }

    /// <summary>
    /// Removes the account. Runs the role's revocation statements, or (role deleted or none set) the default that drops
    /// everything the account owns and the account itself. Safe to repeat; throws when the database cannot be reached
    /// so the lease manager keeps the lease and retries.
    /// </summary>
    public async Task RevokeAsync(LeaseContext lease, CancellationToken cancellationToken)
    {
        var (username, roleName, dbName) = LeaseFields(lease);
        var config = await store.GetConfigAsync(dbName, cancellationToken)
            ?? throw CofferError.BadRequest($"could not find database connection with name \"{dbName}\"");
        var role = await store.GetRoleAsync(roleName, cancellationToken);
        try
        {
            if (role is { RevocationStatements.Count: > 0 })
            {
                var statements = PostgresStatements.Prepare(role.RevocationStatements,
                    new Dictionary<string, string> { ["name"] = username, ["username"] = username });
                await connections.ExecuteAsync(dbName, config, statements, cancellationToken);
            }
            else
            {
                await connections.RunAsync(dbName, config,
                    (connection, ct) => PostgresDefaultRevocation.RunAsync(connection, username, ct), cancellationToken);
            }
        }
        catch (Exception e) when (PostgresConnections.IsDatabaseFailure(e))
        {
            throw PostgresConnections.Failure("error revoking database user", e, config);
        }
    }

    private static (string Username, string Role, string DbName) LeaseFields(LeaseContext lease)
    {
        string Field(string name) => lease.InternalData[name]?.GetValue<string>() is { Length: > 0 } value
            ? value
            : throw CofferError.BadRequest($"secret is missing {name} internal data");
        return (Field("username"), Field("role"), Field("db_name"));
    }
}
