using Microsoft.Data.Sqlite;

namespace Coffer.Core.Storage;

/// <summary>
/// A read-only connection with its statements prepared once. WAL mode lets any number of these read while the
/// writer commits, so readers are pooled rather than serialised.
/// </summary>
internal sealed class SqliteReader : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _get;
    private readonly SqliteParameter _getKey;
    private readonly SqliteCommand _range;
    private readonly SqliteParameter _rangeFrom;
    private readonly SqliteParameter _rangeTo;
    private readonly SqliteCommand _entries;
    private readonly SqliteParameter _entriesFrom;
    private readonly SqliteParameter _entriesTo;
    private readonly SqliteParameter _entriesLimit;

    public SqliteReader(string connectionString)
    {
        _connection = new SqliteConnection(connectionString);
        _connection.Open();
        _get = _connection.CreateCommand();
        _get.CommandText = "SELECT value FROM entries WHERE key = $k;";
        _getKey = _get.Parameters.Add("$k", SqliteType.Text);
        _get.Prepare();
        _range = _connection.CreateCommand();
        _range.CommandText = "SELECT key FROM entries WHERE key >= $from AND key < $to ORDER BY key;";
        _rangeFrom = _range.Parameters.Add("$from", SqliteType.Text);
        _rangeTo = _range.Parameters.Add("$to", SqliteType.Text);
        _range.Prepare();
        _entries = _connection.CreateCommand();
        _entries.CommandText = "SELECT key, value FROM entries WHERE key >= $from AND key < $to ORDER BY key LIMIT $limit;";
        _entriesFrom = _entries.Parameters.Add("$from", SqliteType.Text);
        _entriesTo = _entries.Parameters.Add("$to", SqliteType.Text);
        _entriesLimit = _entries.Parameters.Add("$limit", SqliteType.Integer);
        _entries.Prepare();
    }

    public byte[]? Get(string key)
    {
        _getKey.Value = key;
        using var reader = _get.ExecuteReader();
        return reader.Read() ? (byte[])reader.GetValue(0) : null;
    }

    public List<string> KeysWithPrefix(string prefix)
    {
        _rangeFrom.Value = prefix;
        // Every key starting with the prefix sorts below prefix + U+FFFF under SQLite's binary (UTF-8) collation.
        _rangeTo.Value = prefix + '\uffff';
        var keys = new List<string>();
        using var reader = _range.ExecuteReader();
        while (reader.Read())
        {
            keys.Add(reader.GetString(0));
        }
        return keys;
    }

    public List<KeyValuePair<string, byte[]>> Entries(string fromKey, string toKey, int limit)
    {
        _entriesFrom.Value = fromKey;
        _entriesTo.Value = toKey;
        _entriesLimit.Value = limit;
        var entries = new List<KeyValuePair<string, byte[]>>();
        using var reader = _entries.ExecuteReader();
        while (reader.Read())
        {
            entries.Add(KeyValuePair.Create(reader.GetString(0), (byte[])reader.GetValue(1)));
        }
        return entries;
    }

    public void Dispose()
    {
        _get.Dispose();
        _range.Dispose();
        _entries.Dispose();
        _connection.Dispose();
    }
}
