using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Coffer.Core.Auth;
using Coffer.Core.Barrier;
using Coffer.Core.Json;
using Coffer.Core.Leases;
using Coffer.Core.Routing;

namespace Coffer.Core.Engines.Database;

/// <summary>
/// The database secrets engine for PostgreSQL: named connections (<c>config/</c>), dynamic roles whose credentials are
/// leased (<c>roles/</c>, <c>creds/</c>) and static roles whose password is rotated on a schedule (<c>static-roles/</c>).
/// Connection configs live here; dynamic and static roles in <see cref="DatabaseDynamicRoles"/> and
/// <see cref="DatabaseStaticRoles"/>.
/// </summary>
public sealed partial class DatabaseBackend : ILogicalBackend, IAsyncDisposable
{
    private readonly DatabaseStore _store;
    private readonly PostgresConnections _connections;
    private readonly DatabaseDynamicRoles _dynamic;
    private readonly DatabaseStaticRoles _static;
    private readonly SemaphoreSlim _configLock = new(1, 1);

    /// <param name="storage">The mount's storage view.</param>
    /// <param name="mountTtls">The mount's effective default and max lease TTL (falling back to the system's).</param>
    public DatabaseBackend(ISecureStorage storage, Func<(long DefaultTtl, long MaxTtl)> mountTtls, IClock? clock = null,
        TimeSpan? rotationCheckInterval = null)
    {
        var time = clock ?? SystemClock.Instance;
        _connections = new PostgresConnections(StoreConfirmedRootPasswordAsync);
        _store = new DatabaseStore(storage);
        _dynamic = new DatabaseDynamicRoles(_store, _connections, mountTtls, time);
        _static = new DatabaseStaticRoles(_store, _connections, time, rotationCheckInterval ?? TimeSpan.FromSeconds(1));
    }

    public async Task<Response?> HandleAsync(Request request, CancellationToken cancellationToken)
    {
        var segments = request.MountRelativePath.Split('/');
        var isWrite = request.Operation is Operation.Create or Operation.Update;
        switch (segments)
        {
            case ["config", ""] or ["config"] when request.Operation == Operation.List:
                return Response.ListOf(await _store.ListAsync(DatabaseStore.ConfigPrefix, cancellationToken));
            case ["config", var name] when name.Length > 0:
                return await ConfigAsync(request, ValidName(name), cancellationToken);
            case ["reset", var name] when isWrite && name.Length > 0:
                await ResetAsync(ValidName(name), cancellationToken);
                return null;
            case ["rotate-root", var name] when isWrite && name.Length > 0:
                await RotateRootAsync(ValidName(name), cancellationToken);
                return null;
            case ["roles" or "creds", ..]:
                return await _dynamic.HandleAsync(request, segments, cancellationToken);
            case ["static-roles" or "static-creds" or "rotate-role", ..]:
                return await _static.HandleAsync(request, segments, cancellationToken);
            default:
                throw CofferError.UnsupportedPath(request.MountRelativePath);
        }
    }

    public async Task<bool?> ExistsAsync(Request request, CancellationToken cancellationToken) =>
        request.MountRelativePath.Split('/') switch
        {
            ["config", var name] when name.Length > 0 => await _store.GetConfigAsync(name, cancellationToken) is not null,
            ["roles", var name] when name.Length > 0 => await _store.GetRoleAsync(name, cancellationToken) is not null,
            ["static-roles", var name] when name.Length > 0 => await _store.GetStaticRoleAsync(name, cancellationToken) is not null,
            _ => null,
        };

    public Task<Response> RenewLeaseAsync(LeaseContext lease, CancellationToken cancellationToken) =>
        _dynamic.RenewAsync(lease, cancellationToken);

    public Task RevokeLeaseAsync(LeaseContext lease, CancellationToken cancellationToken) =>
        _dynamic.RevokeAsync(lease, cancellationToken);

    /// <summary>Stops the rotation timer and closes every pool: called when the mount is disabled or the node sealed.</summary>
    public async ValueTask DisposeAsync()
    {
        await _static.DisposeAsync();
        await _connections.DisposeAsync();
    }

    /// <summary>Names as Vault's framework accepts them in a path segment (letters, digits, '_', '-', '.').</summary>
    internal static string ValidName(string name) => NamePattern().IsMatch(name)
        ? name
        : throw CofferError.BadRequest($"invalid name \"{name}\": use letters, digits, '_', '-' and '.'");

    [GeneratedRegex(@"^\w([\w.-]*\w)?$")]
    private static partial Regex NamePattern();

    private async Task<Response?> ConfigAsync(Request request, string name, CancellationToken cancellationToken)
    {
        switch (request.Operation)
        {
            case Operation.Read:
                var config = await _store.GetConfigAsync(name, cancellationToken);
                return config is null ? null : Response.WithData(config.Describe());
            case Operation.Create or Operation.Update:
                await WriteConfigAsync(name, request.Data, cancellationToken);
                return null;
            case Operation.Delete:
                await _configLock.WaitAsync(cancellationToken);
                try
                {
                    await _store.DeleteAsync(DatabaseStore.ConfigPrefix + name, cancellationToken);
                }
                finally
                {
                    _configLock.Release();
                }
                await _connections.CloseAsync(name);
                return null;
            default:
                throw CofferError.UnsupportedOperation();
        }
    }

    private async Task WriteConfigAsync(string name, JsonObject data, CancellationToken cancellationToken)
    {
        await _configLock.WaitAsync(cancellationToken);
        try
        {
            var existing = await _store.GetConfigAsync(name, cancellationToken);
            var config = ParseConfig(data, existing);
            if (config.VerifyConnection)
            {
                await PostgresConnections.VerifyAsync(config, cancellationToken);
            }
            await _store.PutConfigAsync(name, config, cancellationToken);
        }
        finally
        {
            _configLock.Release();
        }
        await _connections.CloseAsync(name);
    }

    /// <summary>A config from a write; fields the write leaves out keep their stored values, as in Vault.</summary>
    internal static DatabaseConfig ParseConfig(JsonObject data, DatabaseConfig? existing)
    {
        var plugin = LenientFields.GetString(data, "plugin_name") ?? existing?.PluginName;
        if (string.IsNullOrEmpty(plugin))
        {
            throw CofferError.BadRequest("empty plugin name");
        }
        if (plugin != DatabaseConfig.PostgresPlugin)
        {
            throw CofferError.BadRequest($"unsupported plugin_name \"{plugin}\": only {DatabaseConfig.PostgresPlugin} is available");
        }
        var url = LenientFields.GetString(data, "connection_url") ?? existing?.ConnectionUrl;
        if (string.IsNullOrWhiteSpace(url))
        {
            throw CofferError.BadRequest("connection_url cannot be empty");
        }
        var maxOpen = LenientFields.GetInt(data, "max_open_connections") ?? existing?.MaxOpenConnections ?? 4;
        var maxIdle = LenientFields.GetInt(data, "max_idle_connections") ?? existing?.MaxIdleConnections ?? 0;
        if (maxOpen is < 0 or > 10_000 || maxIdle < 0)
        {
            throw CofferError.BadRequest("max_open_connections and max_idle_connections must be between 0 and 10000");
        }
        var config = new DatabaseConfig
        {
            PluginName = plugin,
            ConnectionUrl = url,
            Username = LenientFields.GetString(data, "username") ?? existing?.Username ?? "",
            Password = LenientFields.GetString(data, "password") ?? existing?.Password ?? "",
            // A new password replaces whatever a broken rotation left; keeping the old one keeps its pending successor.
            PendingRootPassword = LenientFields.GetString(data, "password") is null ? existing?.PendingRootPassword ?? "" : "",
            AllowedRoles = StringListField.Get(data, "allowed_roles") ?? existing?.AllowedRoles ?? [],
            VerifyConnection = LenientFields.GetBool(data, "verify_connection") ?? true,
            MaxOpenConnections = (int)(maxOpen == 0 ? 4 : maxOpen),
            MaxIdleConnections = (int)maxIdle,
            MaxConnectionLifetimeSeconds = LenientFields.GetDurationSeconds(data, "max_connection_lifetime") ?? existing?.MaxConnectionLifetimeSeconds ?? 0,
            RootRotationStatements = PostgresStatements.Read(data, "root_rotation_statements") ?? existing?.RootRotationStatements ?? [],
            PasswordPolicy = LenientFields.GetString(data, "password_policy") ?? existing?.PasswordPolicy ?? "",
        };
        if (config.PasswordPolicy.Length > 0)
        {
            throw CofferError.BadRequest("password_policy is not supported; passwords follow the default policy");
        }
        // Parse now so a malformed URL is refused before anything is stored, even with verify_connection=false.
        PostgresConnections.ConnectionString(config);
        return config;
    }

    private async Task ResetAsync(string name, CancellationToken cancellationToken)
    {
        if (await _store.GetConfigAsync(name, cancellationToken) is null)
        {
            throw CofferError.BadRequest("failed to find entry for connection with name: " + name);
        }
        await _connections.CloseAsync(name);
    }

    /// <summary>
    /// Gives the config's root user a new random password that only Coffer knows. The new password is stored as
    /// pending first (write-ahead), then the database is changed, then it becomes the password: a stop or a lost
    /// reply in between leaves a pending password that connections try when the old one is refused. The pool is
    /// closed so no connection keeps using the old password.
    /// </summary>
    /// <summary>
    /// A connection found that a rotation's pending root password is the live one: store it as the password, unless a
    /// config change (or a rotation holding the lock, which stores what it settles itself) is under way.
    /// </summary>
    private async Task StoreConfirmedRootPasswordAsync(string name, DatabaseConfig confirmed)
    {
        if (!await _configLock.WaitAsync(0))
        {
            return;
        }
        try
        {
            if (await _store.GetConfigAsync(name, CancellationToken.None) is { } stored && stored.PendingRootPassword.Length > 0 &&
                stored.PendingRootPassword == confirmed.Password)
            {
                await _store.PutConfigAsync(name, stored.WithPendingRootPasswordConfirmed(), CancellationToken.None);
            }
        }
        finally
        {
            _configLock.Release();
        }
    }

    private async Task RotateRootAsync(string name, CancellationToken cancellationToken)
    {
        await _configLock.WaitAsync(cancellationToken);
        try
        {
            var config = await _store.GetConfigAsync(name, cancellationToken)
                ?? throw CofferError.BadRequest("failed to find entry for connection with name: " + name);
            if (config.Username.Length == 0)
            {
                throw CofferError.BadRequest("unable to rotate root credentials: no username in configuration");
            }
            if (config.Password.Length == 0)
            {
                throw CofferError.BadRequest("unable to rotate root credentials: no password in configuration");
            }
            // A pending password from an earlier broken rotation may be the live one: settle that first.
            if (config.PendingRootPassword.Length > 0)
            {
                config = await _connections.ProbeAsync(name, config, cancellationToken) with { PendingRootPassword = "" };
            }
            var password = DatabaseCredentials.Password();
            var templates = config.RootRotationStatements.Count > 0
                ? config.RootRotationStatements
                : ["ALTER ROLE \"{{name}}\" WITH PASSWORD '{{password}}'"];
            var statements = PostgresStatements.Prepare(templates, new Dictionary<string, string>
            {
                ["name"] = config.Username,
                ["username"] = config.Username,
                ["password"] = password,
            });
            await _store.PutConfigAsync(name, config with { PendingRootPassword = password }, cancellationToken);
            try
            {
                await _connections.ExecuteAsync(name, config, statements, cancellationToken);
            }
            catch (Exception e) when (PostgresConnections.IsDatabaseFailure(e))
            {
                // Whether the database applied it is unknown: the pending password stays for the next connection to try.
                throw PostgresConnections.Failure("failed to update user", e, config, password);
            }
            await _store.PutConfigAsync(name, config with { Password = password, PendingRootPassword = "" }, cancellationToken);
        }
        finally
        {
            _configLock.Release();
        }
        await _connections.CloseAsync(name);
    }
}
