using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;

namespace Coffer.Core.Storage;

/// <summary>
/// The embedded default backend: one SQLite file in WAL mode with <c>synchronous=FULL</c>, so a committed batch
/// survives <c>kill -9</c> and power loss. Writers are grouped: every batch waiting while a commit is in flight
/// rides in the next transaction, so durability costs one fsync per group rather than one per request.
/// </summary>
public sealed class SqlitePhysical : IPhysical
{
    private const int MaxBatchesPerCommit = 512;

    private readonly string _connectionString;
    private readonly Channel<PendingCommit> _pending = Channel.CreateUnbounded<PendingCommit>(
        new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentBag<SqliteReader> _readers = new();
    private readonly SqliteConnection _writeConnection;
    private readonly Task _writerLoop;

    private SqlitePhysical(string connectionString, SqliteConnection writeConnection)
    {
        _connectionString = connectionString;
        _writeConnection = writeConnection;
        _writerLoop = Task.Run(RunWriterAsync);
    }

    public string Name => "sqlite";

    public static async Task<SqlitePhysical> OpenAsync(string path, CancellationToken cancellationToken = default)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }
        var connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
        }.ToString();
        var writer = new SqliteConnection(connectionString);
        await writer.OpenAsync(cancellationToken);
        // Only takes effect while the file is new. At 8 KiB a row of up to ~2 KiB (a typical secret's ciphertext
        // and key) stays inside its b-tree page; at the 4 KiB default every row over ~1 KiB spilled into an overflow
        // page of its own, writing four times its size.
        await ExecuteAsync(writer, "PRAGMA page_size=8192;", cancellationToken);
        await ExecuteAsync(writer, "PRAGMA journal_mode=WAL;", cancellationToken);
        await ExecuteAsync(writer, "PRAGMA synchronous=FULL;", cancellationToken);
        await ExecuteAsync(writer, "PRAGMA busy_timeout=5000;", cancellationToken);
        await ExecuteAsync(writer,
            "CREATE TABLE IF NOT EXISTS entries (key TEXT PRIMARY KEY NOT NULL, value BLOB NOT NULL) WITHOUT ROWID;",
            cancellationToken);
        return new SqlitePhysical(connectionString, writer);
    }

    public Task<byte[]?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        var reader = RentReader();
        try
        {
            return Task.FromResult(reader.Get(key));
        }
        finally
        {
            _readers.Add(reader);
        }
    }

    public Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellationToken = default)
    {
        var reader = RentReader();
        try
        {
            return Task.FromResult<IReadOnlyList<string>>(ListChildren.FromSortedKeys(reader.KeysWithPrefix(prefix), prefix));
        }
        finally
        {
            _readers.Add(reader);
        }
    }

    public Task<IReadOnlyList<KeyValuePair<string, byte[]>>> ReadRangeAsync(string fromKey, string toKey, int limit,
        CancellationToken cancellationToken = default)
    {
        var reader = RentReader();
        try
        {
            return Task.FromResult<IReadOnlyList<KeyValuePair<string, byte[]>>>(reader.Entries(fromKey, toKey, limit));
        }
        finally
        {
            _readers.Add(reader);
        }
    }

    public Task CommitAsync(IReadOnlyList<StorageOperation> batch, CancellationToken cancellationToken = default)
    {
        if (batch.Count == 0)
        {
            return Task.CompletedTask;
        }
        var pending = new PendingCommit(batch);
        if (!_pending.Writer.TryWrite(pending))
        {
            throw new ObjectDisposedException(nameof(SqlitePhysical));
        }
        return pending.Completion.Task;
    }

    private SqliteReader RentReader() =>
        _readers.TryTake(out var reader) ? reader : new SqliteReader(_connectionString);

    private async Task RunWriterAsync()
    {
        var group = new List<PendingCommit>();
        while (await _pending.Reader.WaitToReadAsync())
        {
            group.Clear();
            while (group.Count < MaxBatchesPerCommit && _pending.Reader.TryRead(out var next))
            {
                group.Add(next);
            }
            try
            {
                CommitGroup(group);
                foreach (var p in group)
                {
                    p.Completion.TrySetResult();
                }
            }
            catch (Exception) when (group.Count > 1)
            {
                // One bad batch must not fail its neighbours: retry each on its own so only the culprit errors.
                foreach (var p in group)
                {
                    try
                    {
                        CommitGroup([p]);
                        p.Completion.TrySetResult();
                    }
                    catch (Exception ex)
                    {
                        p.Completion.TrySetException(ex);
                    }
                }
            }
            catch (Exception ex)
            {
                group[0].Completion.TrySetException(ex);
            }
        }
    }

    private void CommitGroup(IReadOnlyList<PendingCommit> group)
    {
        using var transaction = _writeConnection.BeginTransaction();
        using var put = _writeConnection.CreateCommand();
        put.Transaction = transaction;
        put.CommandText = "INSERT INTO entries(key, value) VALUES ($k, $v) ON CONFLICT(key) DO UPDATE SET value = excluded.value;";
        var putKey = put.Parameters.Add("$k", SqliteType.Text);
        var putValue = put.Parameters.Add("$v", SqliteType.Blob);
        using var delete = _writeConnection.CreateCommand();
        delete.Transaction = transaction;
        delete.CommandText = "DELETE FROM entries WHERE key = $k;";
        var deleteKey = delete.Parameters.Add("$k", SqliteType.Text);
        foreach (var pending in group)
        {
            foreach (var op in pending.Batch)
            {
                if (op.Value is null)
                {
                    deleteKey.Value = op.Key;
                    delete.ExecuteNonQuery();
                }
                else
                {
                    putKey.Value = op.Key;
                    putValue.Value = op.Value;
                    put.ExecuteNonQuery();
                }
            }
        }
        transaction.Commit();
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        _pending.Writer.TryComplete();
        await _writerLoop;
        await _writeConnection.DisposeAsync();
        while (_readers.TryTake(out var reader))
        {
            reader.Dispose();
        }
    }

    private sealed class PendingCommit(IReadOnlyList<StorageOperation> batch)
    {
        public IReadOnlyList<StorageOperation> Batch { get; } = batch;
        public TaskCompletionSource Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
