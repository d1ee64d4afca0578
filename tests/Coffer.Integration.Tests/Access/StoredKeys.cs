using Microsoft.Data.Sqlite;

namespace Coffer.Integration.Tests.Access;

/// <summary>
/// Reads the storage keys (never the values, which are encrypted anyway) of a running server's SQLite file, to see
/// whether data that should be gone really left storage.
/// </summary>
public static class StoredKeys
{
    public static async Task<int> CountWithPrefixAsync(string databasePath, string prefix)
    {
        var connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = databasePath,
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
        }.ToString();
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM entries WHERE substr(key, 1, length($prefix)) = $prefix";
        command.Parameters.AddWithValue("$prefix", prefix);
        return Convert.ToInt32(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
