using System.Diagnostics;
using System.Security.Cryptography;
using Coffer.Integration.Tests.Infrastructure;
using Npgsql;

namespace Coffer.Integration.Tests.Database;

/// <summary>
/// A real PostgreSQL on a free loopback port, run by scripts/postgres-for-tests.sh (the same script the node-vault
/// tests use) in a temporary folder. Stopping goes by the pid in that folder's postmaster.pid, never by name.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private PostgresServer(string directory, int port, string password)
    {
        Directory = directory;
        Port = port;
        Password = password;
    }

    public string Directory { get; }
    public int Port { get; }

    /// <summary>The superuser's password; tests hand it to Coffer as the config's root credentials.</summary>
    public string Password { get; private set; }

    /// <summary>The connection URL a config uses, with Vault's placeholders for the root credentials.</summary>
    public string ConnectionUrl => $"postgresql://{{{{username}}}}:{{{{password}}}}@127.0.0.1:{Port}/postgres?sslmode=disable";

    public static async Task<PostgresServer> StartAsync()
    {
        var directory = Path.Combine(Path.GetTempPath(), "coffer-pg-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(6)).ToLowerInvariant());
        var server = new PostgresServer(directory, CofferProcess.FreePort(), "pg-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(12)));
        await server.StartAgainAsync();
        return server;
    }

    /// <summary>Starts the server (again) on the same data and port, e.g. after <see cref="StopAsync"/>.</summary>
    public Task StartAgainAsync() => RunScriptAsync("start", Directory, Port.ToString(), Password);

    public Task StopAsync() => RunScriptAsync("stop", Directory);

    /// <summary>The test's own view of a credential change it made through Coffer (rotate-root).</summary>
    public void PasswordChangedTo(string password) => Password = password;

    /// <summary>A connection string for <paramref name="username"/>, without pooling so every open really logs in.</summary>
    public string ConnectionString(string username, string password) =>
        new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = Port,
            Username = username,
            Password = password,
            Database = "postgres",
            Pooling = false,
            Timeout = 10,
        }.ConnectionString;

    /// <summary>Logs in as <paramref name="username"/> and runs a query; the exception if that fails, else null.</summary>
    public async Task<Exception?> TryLoginAsync(string username, string password)
    {
        try
        {
            await using var connection = new NpgsqlConnection(ConnectionString(username, password));
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("SELECT current_user", connection);
            var user = (string?)await command.ExecuteScalarAsync();
            return user == username ? null : new InvalidOperationException($"logged in as {user}, not {username}");
        }
        catch (NpgsqlException e)
        {
            return e;
        }
    }

    /// <summary>Runs a query as the superuser and returns the first column of the first row.</summary>
    public async Task<object?> ScalarAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(ConnectionString("postgres", Password));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }
        var result = await command.ExecuteScalarAsync();
        return result is DBNull ? null : result;
    }

    public async Task<bool> RoleExistsAsync(string username) =>
        await ScalarAsync("SELECT 1 FROM pg_roles WHERE rolname = @name", ("name", username)) is not null;

    public async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString("postgres", Password));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync() => await RunScriptAsync("remove", Directory);

    private static string Script
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "scripts", "postgres-for-tests.sh");
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
            throw new FileNotFoundException("scripts/postgres-for-tests.sh not found above " + AppContext.BaseDirectory);
        }
    }

    private static async Task RunScriptAsync(params string[] arguments)
    {
        var info = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Script);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"postgres-for-tests.sh {arguments[0]} failed ({process.ExitCode}):\n{await stdout}\n{await stderr}");
        }
    }
}
