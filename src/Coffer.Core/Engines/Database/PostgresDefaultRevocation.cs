using Npgsql;

namespace Coffer.Core.Engines.Database;

/// <summary>
/// What revoking a dynamic account does when its role has no revocation statements: take back its database
/// privileges, hand what it owns to the engine's user, drop what is left of its grants, then drop the account.
/// A missing account counts as already revoked, so a retry after a partial success finishes cleanly.
/// </summary>
public static class PostgresDefaultRevocation
{
    public static async Task RunAsync(NpgsqlConnection connection, string username, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var exists = new NpgsqlCommand("SELECT 1 FROM pg_roles WHERE rolname = @name", connection, transaction))
        {
            exists.Parameters.AddWithValue("name", username);
            if (await exists.ExecuteScalarAsync(cancellationToken) is null)
            {
                return;
            }
        }
        var role = PostgresStatements.QuoteIdentifier(username);
        string database;
        await using (var current = new NpgsqlCommand("SELECT current_database()", connection, transaction))
        {
            database = (string)(await current.ExecuteScalarAsync(cancellationToken))!;
        }
        string[] statements =
        [
            $"REVOKE ALL PRIVILEGES ON DATABASE {PostgresStatements.QuoteIdentifier(database)} FROM {role}",
            $"REASSIGN OWNED BY {role} TO CURRENT_USER",
            $"DROP OWNED BY {role}",
            $"DROP ROLE IF EXISTS {role}",
        ];
        foreach (var statement in statements)
        {
            await using var command = new NpgsqlCommand(statement, connection, transaction);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
    }
}
