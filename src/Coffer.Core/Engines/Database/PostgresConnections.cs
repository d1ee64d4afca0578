using System.Net;
using Npgsql;

namespace Coffer.Core.Engines.Database;

/// <summary>
/// One Npgsql pool per connection config, built on first use and rebuilt when the config's connection settings change.
/// Disposing a pool closes its idle connections; the engine does that on config delete, reset, root rotation and unmount.
/// </summary>
/// <param name="rootPasswordConfirmed">
/// Told when a config's root password was refused and its pending one (<see cref="DatabaseConfig.PendingRootPassword"/>)
/// worked instead, with the config as it should now be stored.
/// </param>
public sealed class PostgresConnections(Func<string, DatabaseConfig, Task>? rootPasswordConfirmed = null) : IAsyncDisposable
{
    private const string InvalidPasswordState = "28P01";

    private readonly Dictionary<string, (string ConnectionString, NpgsqlDataSource Source)> _pools = new();
    private readonly Lock _lock = new();
    private bool _disposed;

    /// <summary>The connection string for <paramref name="config"/>'s root user; a malformed URL is a 400.</summary>
    public static NpgsqlConnectionStringBuilder ConnectionString(DatabaseConfig config)
    {
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = PostgresConnectionUrl.Build(config.ConnectionUrl, config.Username, config.Password);
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            throw CofferError.BadRequest("error creating database object: invalid connection_url: " + Sanitize(e.Message, config));
        }
        builder.MaxPoolSize = config.MaxOpenConnections > 0 ? config.MaxOpenConnections : 4;
        builder.MinPoolSize = 0;
        if (config.MaxConnectionLifetimeSeconds > 0)
        {
            builder.ConnectionLifetime = (int)Math.Min(int.MaxValue, config.MaxConnectionLifetimeSeconds);
        }
        return builder;
    }

    /// <summary>Opens one unpooled connection and runs <c>SELECT 1</c>: what <c>verify_connection</c> means.</summary>
    public static async Task VerifyAsync(DatabaseConfig config, CancellationToken cancellationToken)
    {
        var builder = ConnectionString(config);
        builder.Pooling = false;
        try
        {
            await using var connection = new NpgsqlConnection(builder.ConnectionString);
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand("SELECT 1", connection);
            await command.ExecuteScalarAsync(cancellationToken);
        }
        catch (Exception e) when (IsDatabaseFailure(e))
        {
            throw CofferError.BadRequest("error creating database object: error verifying connection: " + Sanitize(e.Message, config));
        }
    }

    public NpgsqlDataSource Get(string name, DatabaseConfig config)
    {
        var connectionString = ConnectionString(config).ConnectionString;
        NpgsqlDataSource? stale = null;
        NpgsqlDataSource source;
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_pools.TryGetValue(name, out var pool) && pool.ConnectionString == connectionString)
            {
                return pool.Source;
            }
            stale = pool.Source;
            source = NpgsqlDataSource.Create(connectionString);
            _pools[name] = (connectionString, source);
        }
        if (stale is not null)
        {
            _ = stale.DisposeAsync().AsTask();
        }
        return source;
    }

    /// <summary>Closes the pool of <paramref name="name"/>; the next use opens a new one.</summary>
    public async Task CloseAsync(string name)
    {
        NpgsqlDataSource? source = null;
        lock (_lock)
        {
            if (_pools.Remove(name, out var pool))
            {
                source = pool.Source;
            }
        }
        if (source is not null)
        {
            await source.DisposeAsync();
        }
    }

    /// <summary>Runs <c>SELECT 1</c> as the config's root user; returns the config that worked.</summary>
    public Task<DatabaseConfig> ProbeAsync(string name, DatabaseConfig config, CancellationToken cancellationToken) =>
        RunAsync(name, config, async (connection, ct) =>
        {
            await using var command = new NpgsqlCommand("SELECT 1", connection);
            await command.ExecuteScalarAsync(ct);
        }, cancellationToken);

    /// <summary>Runs <paramref name="statements"/> in one transaction as the config's root user; returns the config that worked.</summary>
    public Task<DatabaseConfig> ExecuteAsync(string name, DatabaseConfig config, IReadOnlyList<string> statements, CancellationToken cancellationToken) =>
        RunAsync(name, config, async (connection, ct) =>
        {
            await using var transaction = await connection.BeginTransactionAsync(ct);
            foreach (var statement in statements)
            {
                await using var command = new NpgsqlCommand(statement, connection, transaction);
                await command.ExecuteNonQueryAsync(ct);
            }
            await transaction.CommitAsync(ct);
        }, cancellationToken);

    /// <summary>
    /// Runs <paramref name="work"/> on a pooled connection as the config's root user. Pooled connections do not notice
    /// a database restart until used; when one turns out dead (a network-level error, not an SQL one), the pool is
    /// emptied and the work runs once more on a fresh connection. The work must be one transaction, so a retry is safe.
    /// When the root password is refused and a rotation left a pending one, that one is tried; the config that
    /// worked is returned.
    /// </summary>
    public async Task<DatabaseConfig> RunAsync(string name, DatabaseConfig config, Func<NpgsqlConnection, CancellationToken, Task> work,
        CancellationToken cancellationToken)
    {
        var reconnected = false;
        var confirmed = false;
        while (true)
        {
            var source = Get(name, config);
            try
            {
                await using (var connection = await source.OpenConnectionAsync(cancellationToken))
                {
                    await work(connection, cancellationToken);
                }
                if (confirmed && rootPasswordConfirmed is not null)
                {
                    await rootPasswordConfirmed(name, config);
                }
                return config;
            }
            catch (PostgresException e) when (e.SqlState == InvalidPasswordState && config.PendingRootPassword.Length > 0)
            {
                config = config.WithPendingRootPasswordConfirmed();
                confirmed = true;
            }
            catch (NpgsqlException e) when (e is not PostgresException && !reconnected)
            {
                source.Clear();
                reconnected = true;
            }
        }
    }

    /// <summary>Failures that come from reaching or talking to the database, as opposed to bugs.</summary>
    public static bool IsDatabaseFailure(Exception e) =>
        e is NpgsqlException or global::System.Net.Sockets.SocketException or TimeoutException or IOException or InvalidOperationException
            or ArgumentException or FormatException;

    /// <summary>
    /// Removes the root password, any extra secret and the connection string from an error text: Npgsql messages can
    /// echo connection settings, and error texts reach clients and logs.
    /// </summary>
    public static string Sanitize(string message, DatabaseConfig config, params string[] secrets)
    {
        foreach (var secret in secrets.Append(config.Password).Append(config.PendingRootPassword).Append(config.ConnectionUrl))
        {
            if (!string.IsNullOrEmpty(secret))
            {
                message = message.Replace(secret, "*****", StringComparison.Ordinal);
                var escaped = Uri.EscapeDataString(secret);
                if (escaped != secret)
                {
                    message = message.Replace(escaped, "*****", StringComparison.Ordinal);
                }
            }
        }
        return message;
    }

    /// <summary>A 500 with the sanitised cause, for failures while the engine works on the database.</summary>
    public static CofferError Failure(string what, Exception e, DatabaseConfig config, params string[] secrets) =>
        new(HttpStatusCode.InternalServerError, what + ": " + Sanitize(e.Message, config, secrets));

    public async ValueTask DisposeAsync()
    {
        List<NpgsqlDataSource> sources;
        lock (_lock)
        {
            _disposed = true;
            sources = _pools.Values.Select(p => p.Source).ToList();
            _pools.Clear();
        }
        foreach (var source in sources)
        {
            await source.DisposeAsync();
        }
    }
}
