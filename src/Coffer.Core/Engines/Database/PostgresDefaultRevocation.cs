using Npgsql;

namespace Coffer.Core.Engines.Database;

/// <summary>
/// What revoking a dynamic account does when its role has no revocation statements: take back its privileges on
/// tables, sequences and schemas it was granted and on the database, hand anything it owns to the engine's user, then
/// drop the account. A missing account counts as already revoked, so a retry after a partial success finishes cleanly.
/// </summary>
public static class PostgresDefaultRevocation
{
    public static async Task RunAsync(NpgsqlConnection connection, string username, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (await ScalarAsync(connection, transaction, "SELECT 1 FROM pg_roles WHERE rolname = @name", username, cancellationToken) is null)
        {
            return;
        }
        var role = PostgresStatements.QuoteIdentifier(username);
        var statements = new List<string>();
        foreach (var schema in await SchemasAsync(connection, transaction, username, cancellationToken))
        {
            var quoted = PostgresStatements.QuoteIdentifier(schema);
            statements.Add($"REVOKE ALL PRIVILEGES ON ALL TABLES IN SCHEMA {quoted} FROM {role}");
            statements.Add($"REVOKE ALL PRIVILEGES ON ALL SEQUENCES IN SCHEMA {quoted} FROM {role}");
            statements.Add($"REVOKE USAGE ON SCHEMA {quoted} FROM {role}");
        }
        var database = (string)(await ScalarAsync(connection, transaction, "SELECT current_database()", null, cancellationToken))!;
        statements.Add($"REVOKE ALL PRIVILEGES ON DATABASE {PostgresStatements.QuoteIdentifier(database)} FROM {role}");
        foreach (var statement in statements)
        {
            await ExecuteAsync(connection, transaction, statement, cancellationToken);
        }

        // Objects the account created would block DROP ROLE. Reassigning them needs superuser (or membership in the
        // account's role); an engine user with only CREATEROLE cannot, and then the drop below reports what is left.
        await transaction.SaveAsync("owned", cancellationToken);
        try
        {
            await ExecuteAsync(connection, transaction, $"REASSIGN OWNED BY {role} TO CURRENT_USER", cancellationToken);
            await ExecuteAsync(connection, transaction, $"DROP OWNED BY {role}", cancellationToken);
            await transaction.ReleaseAsync("owned", cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InsufficientPrivilege)
        {
            await transaction.RollbackAsync("owned", cancellationToken);
        }
        await ExecuteAsync(connection, transaction, $"DROP ROLE IF EXISTS {role}", cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Schemas in which the account holds table privileges, plus <c>public</c>.</summary>
    private static async Task<List<string>> SchemasAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string username,
        CancellationToken cancellationToken)
    {
        var schemas = new List<string> { "public" };
        await using var command = new NpgsqlCommand(
            "SELECT DISTINCT table_schema FROM information_schema.role_table_grants WHERE grantee = @name", connection, transaction);
        command.Parameters.AddWithValue("name", username);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var schema = reader.GetString(0);
            if (!schemas.Contains(schema))
            {
                schemas.Add(schema);
            }
        }
        return schemas;
    }

    private static async Task<object?> ScalarAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, string? name,
        CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        if (name is not null)
        {
            command.Parameters.AddWithValue("name", name);
        }
        return await command.ExecuteScalarAsync(cancellationToken);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
