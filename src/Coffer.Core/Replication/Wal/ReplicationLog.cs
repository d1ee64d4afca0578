using System.Buffers.Binary;
using System.Threading.Channels;
using Coffer.Core.Replication.Merkle;
using Coffer.Core.Storage;

namespace Coffer.Core.Replication.Wal;

/// <summary>
/// The storage half of replication, as an <see cref="IPhysical"/> decorator placed directly above the backend.
/// Every caller batch whose keys include Replicated or DrOnly entries gets one WAL record under the next index
/// (<c>repl/wal/&lt;20-digit index&gt;</c>), and the merkle buckets those entries touch are rewritten, all in the
/// same inner batch as the change itself (DESIGN.md §4.1, invariant 1).
/// <para>
/// One writer loop assigns indexes, so index order is commit order. While an inner commit is in flight, new
/// batches queue; the loop then folds all of them into the next inner commit (group commit at this level: one
/// transaction and one fsync per group). If a folded commit fails, each batch is retried alone so only the
/// culprit fails, and nothing (index, merkle, retention) moves for a batch that did not commit.
/// </para>
/// <para>
/// The merkle update XORs each key's old leaf out, so the loop reads the old value from the backend before the
/// commit (a point read of the row about to be written). That costs one read per write but no memory per key
/// and no scan at startup, unlike a per-key leaf map. This node must be the only writer of the backend
/// (invariant 4), which also makes those reads exact.
/// </para>
/// <para>
/// A bootstrap or merkle-sync copies a whole store; logging it again would write every entry twice. Those pages
/// are committed unlogged at a <em>resync index</em> instead: the index advances by one without a record and every
/// older record is deleted, so a downstream reader behind it finds its position no longer retained and catches
/// up by merkle diff, which reads storage as it now is.
/// </para>
/// </summary>
public sealed class ReplicationLog : IPhysical
{
    public const string WalPrefix = "repl/wal/";
    public const string LastRemoteWalKey = "repl/last_remote_wal";
    public const string ResyncIndexKey = "repl/resync_index";

    private readonly IPhysical _inner;
    private readonly KeyClassifier _classifier;
    private readonly ReplicationLogOptions _options;
    private readonly MerkleState _merkle;
    private readonly Channel<WriteJob> _jobs = Channel.CreateUnbounded<WriteJob>(new UnboundedChannelOptions { SingleReader = true });
    private readonly WalRetention _retention;
    private readonly WalTail _tail;
    private readonly SemaphoreSlim _rebuildGate = new(1, 1);
    private readonly Task _writerLoop;
    private ulong _lastIndex;
    private ulong _firstRetained;
    private ulong _lastRemote;
    private TaskCompletionSource _advanced = NewSignal();
    private ReindexTracker? _tracker;
    private volatile bool _disposed;

    private ReplicationLog(IPhysical inner, KeyClassifier classifier, ReplicationLogOptions options, MerkleState merkle,
        List<(ulong, long)> retained, ulong lastIndex, ulong lastRemote)
    {
        _inner = inner;
        _classifier = classifier;
        _options = options;
        _merkle = merkle;
        _retention = new WalRetention(options, retained);
        _tail = new WalTail(options.TailRecords);
        _lastIndex = lastIndex;
        _firstRetained = _retention.OldestIndex ?? lastIndex + 1;
        _lastRemote = lastRemote;
        _writerLoop = Task.Run(RunWriterAsync);
    }

    /// <summary>Opens the log over <paramref name="inner"/>, recovering the last index, retention window and merkle state from it.</summary>
    public static async Task<ReplicationLog> OpenAsync(IPhysical inner, KeyClassifier classifier, ReplicationLogOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        options ??= new ReplicationLogOptions();
        if (options.MaxEntries < 1 || options.MaxBytes < 1 || options.MaxBatchesPerCommit < 1 || options.TailRecords < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "retention bounds and batch size must be positive");
        }
        var retained = new List<(ulong, long)>();
        ulong lastIndex = 0;
        foreach (var name in await inner.ListAsync(WalPrefix, cancellationToken))
        {
            if (!ulong.TryParse(name, out var index))
            {
                continue;
            }
            var record = await inner.GetAsync(WalPrefix + name, cancellationToken);
            if (record is not null)
            {
                retained.Add((index, record.Length));
                lastIndex = index;
            }
        }
        var lastRemote = await inner.GetAsync(LastRemoteWalKey, cancellationToken) is { Length: 8 } remote
            ? BinaryPrimitives.ReadUInt64BigEndian(remote)
            : 0UL;
        if (await inner.GetAsync(ResyncIndexKey, cancellationToken) is { Length: 8 } resync)
        {
            lastIndex = Math.Max(lastIndex, BinaryPrimitives.ReadUInt64BigEndian(resync));
        }
        var merkle = await MerkleState.LoadAsync(inner, cancellationToken);
        return new ReplicationLog(inner, classifier, options, merkle, retained, lastIndex, lastRemote);
    }

    public static string WalKey(ulong index) => $"{WalPrefix}{index:D20}";

    public string Name => _inner.Name;

    /// <summary>The retention bounds and tuning this log was opened with.</summary>
    public ReplicationLogOptions Options => _options;

    /// <summary>The classifier this log files keys with: what ships where.</summary>
    public KeyClassifier Classifier => _classifier;

    /// <summary>Highest WAL index committed (<c>last_wal</c>); 0 before the first record.</summary>
    public ulong LastIndex => Volatile.Read(ref _lastIndex);

    /// <summary>Oldest index still stored; <see cref="LastIndex"/> + 1 when none is.</summary>
    public ulong FirstRetainedIndex => Volatile.Read(ref _firstRetained);

    /// <summary>WAL records currently stored and their encoded size, for <c>vault.wal.gc.total</c> and the log shipper gauges.</summary>
    public (long Records, long Bytes) Retained => (_retention.Count, _retention.Bytes);

    /// <summary>Highest upstream index applied (<c>last_remote_wal</c>); 0 if none.</summary>
    public ulong LastRemoteIndex => Volatile.Read(ref _lastRemote);

    /// <summary>The composite merkle root (<c>merkle_root</c>, 40 hex characters).</summary>
    public string MerkleRootHex => _merkle.RootHex;

    public MerkleSnapshot MerkleSnapshot() => _merkle.Snapshot();

    public byte[]? MerkleTreeRoot(string treeId) => _merkle.TreeRoot(treeId);

    /// <summary>When the last reindex finished (<c>last_reindex_epoch</c>); null if never, since this process started.</summary>
    public DateTimeOffset? LastReindexAt { get; private set; }

    /// <summary>The last merkle-check result (<c>corrupted_merkle_tree</c>, <c>last_corruption_check_epoch</c>).</summary>
    public MerkleCorruptionReport? LastCorruptionCheck { get; private set; }

    public Task<byte[]?> GetAsync(string key, CancellationToken cancellationToken = default) => _inner.GetAsync(key, cancellationToken);

    public Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellationToken = default) =>
        _inner.ListAsync(prefix, cancellationToken);

    public Task<IReadOnlyList<KeyValuePair<string, byte[]>>> ReadRangeAsync(string fromKey, string toKey, int limit,
        CancellationToken cancellationToken = default) =>
        _inner.ReadRangeAsync(fromKey, toKey, limit, cancellationToken);

    public Task CommitAsync(IReadOnlyList<StorageOperation> batch, CancellationToken cancellationToken = default) =>
        CommitWithIndexAsync(batch, cancellationToken);

    /// <summary>
    /// Commits like <see cref="CommitAsync"/> and returns the WAL index the batch's record got, or, when it had
    /// nothing to replicate, the last index at its commit: what a forwarded write's reply carries so the client
    /// can ask for read-after-write (<c>X-Vault-Index</c>).
    /// </summary>
    public async Task<ulong> CommitWithIndexAsync(IReadOnlyList<StorageOperation> batch, CancellationToken cancellationToken = default)
    {
        if (batch.Count == 0)
        {
            return LastIndex;
        }
        RejectReservedKeys(batch.Select(op => op.Key));
        var job = new WriteJob(batch, null);
        await Enqueue(job);
        return job.Index;
    }

    /// <summary>
    /// Applies one upstream record on a secondary: the operations <paramref name="filter"/> admits and
    /// <c>repl/last_remote_wal</c> = its index commit in one batch, and the applied operations are logged again
    /// under a local index (so this cluster's own DR secondary receives them). A record at or below
    /// <see cref="LastRemoteIndex"/> changes nothing, so a resend after a crash is harmless.
    /// </summary>
    /// <returns>False when the record was already applied.</returns>
    public async Task<bool> ApplyUpstreamAsync(WalRecord record, WalFilter filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(filter);
        var job = new WriteJob(ToStorageOperations(record.Operations, filter), record.Index);
        await Enqueue(job);
        return job.Applied;
    }

    /// <summary>
    /// Commits a page of a bootstrap or <c>merkle-sync</c> unlogged, at a new resync index (see the class remarks),
    /// and sets <c>repl/last_remote_wal</c> to the upstream index the copy corresponds to, unconditionally: after a
    /// copy the stream resumes from the primary's position, which may be lower than before (a new primary).
    /// </summary>
    /// <param name="mayExist">
    /// False for a key the caller knows this store does not hold (it listed the store before), so its old value is
    /// not read for the merkle update; null to read every key. A wrong false would corrupt the merkle index.
    /// </param>
    /// <param name="localChanges">
    /// This cluster's own Local entries to write or delete in the same batch: a bootstrap's last page drops the state
    /// sealed under the keyring it replaces and leaves a <see cref="Streaming.BootstrapCopyNote"/>.
    /// </param>
    public Task ApplySyncAsync(IReadOnlyList<StorageOperation> operations, ulong resumeAfterIndex, Func<string, bool>? mayExist = null,
        IReadOnlyList<StorageOperation>? localChanges = null, CancellationToken cancellationToken = default)
    {
        // Local keys (which include the log's own bookkeeping) never come from a peer.
        var admitted = operations.Where(op => _classifier.Classify(op.Key) != KeyClass.Local).ToList();
        if (localChanges is { Count: > 0 })
        {
            RejectReservedKeys(localChanges.Select(op => op.Key));
            if (localChanges.Any(op => _classifier.Classify(op.Key) != KeyClass.Local))
            {
                throw new ArgumentException("only Local entries can be changed alongside a copy", nameof(localChanges));
            }
            admitted.AddRange(localChanges);
        }
        return Enqueue(new WriteJob(admitted, resumeAfterIndex, isCopy: true, mayExist));
    }

    /// <summary>
    /// Records after <paramref name="afterIndex"/>, oldest first, up to <paramref name="maxRecords"/> and (after
    /// the first record) <paramref name="maxBytes"/> encoded bytes. <see cref="WalReadResult.NotRetained"/> when
    /// retention already deleted some of them, or when <paramref name="afterIndex"/> lies beyond this log (the
    /// reader followed another history): either way only a merkle diff can bring the reader back.
    /// </summary>
    public async Task<WalReadResult> ReadFromAsync(ulong afterIndex, int maxRecords = 1024, long maxBytes = 16 * 1024 * 1024,
        CancellationToken cancellationToken = default)
    {
        var last = LastIndex;
        if (afterIndex > last || afterIndex + 1 < FirstRetainedIndex)
        {
            return WalReadResult.Gone;
        }
        var records = new List<WalRecord>();
        long bytes = 0;
        for (var index = afterIndex + 1; index <= last && records.Count < maxRecords; index++)
        {
            if (_tail.TryGet(index, out var recent, out var recentSize))
            {
                if (records.Count > 0 && bytes + recentSize > maxBytes)
                {
                    break;
                }
                records.Add(recent);
                bytes += recentSize;
                continue;
            }
            var data = await _inner.GetAsync(WalKey(index), cancellationToken);
            if (data is null)
            {
                if (index < FirstRetainedIndex)
                {
                    return WalReadResult.Gone;
                }
                throw new InvalidDataException($"WAL record {index} is missing inside the retained range");
            }
            if (records.Count > 0 && bytes + data.Length > maxBytes)
            {
                break;
            }
            records.Add(WalRecordCodec.Decode(data));
            bytes += data.Length;
        }
        return new WalReadResult(false, records);
    }

    /// <summary>The commit time (unix ms, this cluster's clock) of record <paramref name="index"/>; null when not retained.</summary>
    public async Task<long?> RecordTimestampAsync(ulong index, CancellationToken cancellationToken = default)
    {
        if (_tail.TryGet(index, out var recent, out _))
        {
            return recent.TimestampUnixMs;
        }
        var data = await _inner.GetAsync(WalKey(index), cancellationToken);
        return data is null ? null : WalRecordCodec.TimestampOf(data);
    }

    /// <summary>Completes once <see cref="LastIndex"/> ≥ <paramref name="index"/>, so a streamer waits without polling.</summary>
    public async Task WaitForIndexAsync(ulong index, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var signal = Volatile.Read(ref _advanced);
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (LastIndex >= index)
            {
                return;
            }
            await signal.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Rebuilds the merkle index from what storage holds (<c>sys/replication/reindex</c>). Writers continue during
    /// the scan; they pause only for the final fix-up of keys written meanwhile and the swap.
    /// </summary>
    public async Task ReindexAsync(CancellationToken cancellationToken = default)
    {
        await RebuildAsync(async rebuilt =>
        {
            var operations = _merkle.ReplaceOperations(rebuilt);
            if (operations.Count > 0)
            {
                await _inner.CommitAsync(operations, CancellationToken.None);
            }
            _merkle.ReplaceWith(rebuilt);
            LastReindexAt = DateTimeOffset.UtcNow;
            return true;
        }, cancellationToken);
    }

    /// <summary>Compares the incremental index with one rebuilt from storage (<c>sys/replication/merkle-check</c>); changes nothing.</summary>
    public async Task<MerkleCorruptionReport> MerkleCheckAsync(CancellationToken cancellationToken = default)
    {
        var report = await RebuildAsync(rebuilt => Task.FromResult(Compare(_merkle, rebuilt)), cancellationToken);
        LastCorruptionCheck = report;
        return report;
    }

    private async Task<T> RebuildAsync<T>(Func<MerkleState, Task<T>> finish, CancellationToken cancellationToken)
    {
        await _rebuildGate.WaitAsync(cancellationToken);
        var tracker = new ReindexTracker();
        try
        {
            // Installed between two groups: every write committed later reports its old value to the tracker.
            await RunExclusiveAsync(() =>
            {
                _tracker = tracker;
                return Task.CompletedTask;
            });
            await foreach (var (key, value) in StorageScan.EntriesAsync(_inner, "", StorageScan.PastLocalFolders, cancellationToken))
            {
                if (_classifier.Classify(key) != KeyClass.Local)
                {
                    tracker.OnScanned(key, value);
                }
            }
            var result = default(T)!;
            await RunExclusiveAsync(async () =>
            {
                foreach (var key in tracker.TouchedKeys())
                {
                    tracker.AddCurrent(key, await _inner.GetAsync(key, CancellationToken.None));
                }
                _tracker = null;
                result = await finish(tracker.Result());
            });
            return result;
        }
        finally
        {
            if (Volatile.Read(ref _tracker) == tracker)
            {
                await RunExclusiveAsync(() =>
                {
                    _tracker = null;
                    return Task.CompletedTask;
                });
            }
            _rebuildGate.Release();
        }
    }

    private static MerkleCorruptionReport Compare(MerkleState indexed, MerkleState rebuilt)
    {
        var mine = indexed.Snapshot();
        var truth = rebuilt.Snapshot();
        var corrupted = new List<MerkleTreeCorruption>();
        foreach (var treeId in mine.Trees.Keys.Union(truth.Trees.Keys).Order(StringComparer.Ordinal))
        {
            var buckets = new List<int>();
            for (var bucket = 0; bucket < MerkleHashing.BucketCount; bucket++)
            {
                if (!mine.Bucket(treeId, bucket).SequenceEqual(truth.Bucket(treeId, bucket)))
                {
                    buckets.Add(bucket);
                }
            }
            if (buckets.Count > 0)
            {
                var root = indexed.TreeRoot(treeId);
                corrupted.Add(new MerkleTreeCorruption(treeId, root is null ? "" : Convert.ToBase64String(root), true, buckets));
            }
        }
        return new MerkleCorruptionReport(mine.RootHex != truth.RootHex, corrupted, mine.RootHex, truth.RootHex, DateTimeOffset.UtcNow);
    }

    /// <summary>The log's own bookkeeping is written only by the log; a caller writing it would corrupt the index or the stream.</summary>
    private static void RejectReservedKeys(IEnumerable<string> keys)
    {
        foreach (var key in keys)
        {
            if (key.StartsWith(WalPrefix, StringComparison.Ordinal) ||
                key.StartsWith("repl/merkle/", StringComparison.Ordinal) ||
                key == LastRemoteWalKey || key == ResyncIndexKey)
            {
                throw new ArgumentException($"'{key}' is reserved for the replication log", nameof(keys));
            }
        }
    }

    private List<StorageOperation> ToStorageOperations(IReadOnlyList<WalOperation> operations, WalFilter filter) =>
        operations
            .Where(op => filter.Admits(op) && _classifier.Classify(op.Key) != KeyClass.Local)
            .Select(op => new StorageOperation(op.Key, op.Value))
            .ToList();

    private Task Enqueue(WriteJob job)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!_jobs.Writer.TryWrite(job))
        {
            throw new ObjectDisposedException(nameof(ReplicationLog));
        }
        return job.Completion.Task;
    }

    /// <summary>Runs <paramref name="action"/> on the writer loop between two groups: no commit is in flight meanwhile.</summary>
    private Task RunExclusiveAsync(Func<Task> action) => Enqueue(new WriteJob(action));

    private async Task RunWriterAsync()
    {
        var group = new List<WriteJob>();
        while (await _jobs.Reader.WaitToReadAsync())
        {
            group.Clear();
            while (group.Count < _options.MaxBatchesPerCommit && _jobs.Reader.TryPeek(out var next))
            {
                // Exclusive actions and unlogged copies (which drop every retained record) run in a group of their own.
                var alone = next.Exclusive is not null || next.IsCopy;
                if (alone && group.Count > 0)
                {
                    break;
                }
                _jobs.Reader.TryRead(out _);
                group.Add(next);
                if (alone)
                {
                    break;
                }
            }
            if (group is [{ Exclusive: { } exclusive } only])
            {
                try
                {
                    await exclusive();
                    only.Completion.TrySetResult();
                }
                catch (Exception ex)
                {
                    only.Completion.TrySetException(ex);
                }
                continue;
            }
            await CommitGroupAsync(group);
        }
    }

    private async Task CommitGroupAsync(List<WriteJob> group)
    {
        try
        {
            await CommitOnceAsync(group);
        }
        catch (Exception) when (group.Count > 1)
        {
            // One bad batch must not fail its neighbours: retry each on its own so only the culprit errors.
            foreach (var job in group)
            {
                try
                {
                    await CommitOnceAsync([job]);
                }
                catch (Exception ex)
                {
                    job.Completion.TrySetException(ex);
                }
            }
        }
        catch (Exception ex)
        {
            group[0].Completion.TrySetException(ex);
        }
    }

    /// <summary>
    /// The stored value of every indexed key the group writes, read concurrently: only this loop writes, so nothing
    /// changes them before the group commits, and one read after another would make each group wait far longer
    /// than its commit. Keys a job knows absent are left out (and looked up as null).
    /// </summary>
    private async Task<Dictionary<string, byte[]?>> ReadCommittedValuesAsync(List<WriteJob> group)
    {
        var keys = group.SelectMany(job => job.Batch.Select(op => op.Key).Where(key => job.MayExist?.Invoke(key) != false))
            .Where(key => _classifier.Classify(key) != KeyClass.Local).Distinct(StringComparer.Ordinal).ToList();
        var values = await Task.WhenAll(keys.Select(key => _inner.GetAsync(key, CancellationToken.None)));
        var committed = new Dictionary<string, byte[]?>(keys.Count, StringComparer.Ordinal);
        for (var i = 0; i < keys.Count; i++)
        {
            committed[keys[i]] = values[i];
        }
        return committed;
    }

    /// <summary>Folds <paramref name="group"/> into one inner batch, commits it, then publishes what it changed.</summary>
    private async Task CommitOnceAsync(List<WriteJob> group)
    {
        var pendingValues = new Dictionary<string, byte[]?>(StringComparer.Ordinal);
        var delta = new MerkleDelta();
        var operations = new List<StorageOperation>();
        var newRecords = new List<(ulong Index, long Size)>();
        var newTail = new List<WalRecord>();
        var applied = new bool[group.Count];
        var resync = false;
        var index = _lastIndex;
        var lastRemote = _lastRemote;
        var timestamp = _options.UnixMsClock();
        var committedValues = await ReadCommittedValuesAsync(group);
        for (var i = 0; i < group.Count; i++)
        {
            var job = group[i];
            if (job.UpstreamIndex is { } upstream && !job.IsCopy && upstream <= lastRemote)
            {
                continue;
            }
            var logged = new List<WalOperation>();
            foreach (var op in job.Batch)
            {
                var keyClass = _classifier.Classify(op.Key);
                if (keyClass != KeyClass.Local)
                {
                    // Whether a key is Local follows from its path alone, so the prefetch read every key this needs.
                    var old = pendingValues.TryGetValue(op.Key, out var pending) ? pending : committedValues.GetValueOrDefault(op.Key);
                    _tracker?.OnWrite(op.Key, old);
                    delta.Replace(op.Key, old, op.Value);
                    if (!job.IsCopy)
                    {
                        logged.Add(new WalOperation(op.Key, op.Value, keyClass));
                    }
                }
                pendingValues[op.Key] = op.Value;
                operations.Add(op);
            }
            if (job.IsCopy)
            {
                index++;
                job.Index = index;
                var value = new byte[8];
                BinaryPrimitives.WriteUInt64BigEndian(value, index);
                operations.Add(StorageOperation.Put(ResyncIndexKey, value));
                resync = true;
            }
            else if (logged.Count > 0)
            {
                index++;
                job.Index = index;
                var record = new WalRecord(index, timestamp, logged);
                var encoded = WalRecordCodec.Encode(record);
                operations.Add(StorageOperation.Put(WalKey(index), encoded));
                newRecords.Add((index, encoded.Length));
                newTail.Add(record);
            }
            if (job.UpstreamIndex is { } applyIndex)
            {
                var value = new byte[8];
                BinaryPrimitives.WriteUInt64BigEndian(value, applyIndex);
                operations.Add(StorageOperation.Put(LastRemoteWalKey, value));
                lastRemote = applyIndex;
            }
            applied[i] = true;
            if (!job.IsCopy && logged.Count == 0)
            {
                job.Index = index;
            }
        }
        operations.AddRange(_merkle.PersistOperations(delta));
        // Nothing before a resync index can be streamed past it (an unlogged job is always alone in its group).
        var expired = resync ? _retention.All() : _retention.Expired(newRecords);
        foreach (var (expiredIndex, _) in expired)
        {
            operations.Add(StorageOperation.Delete(WalKey(expiredIndex)));
        }
        if (operations.Count > 0)
        {
            await _inner.CommitAsync(operations, CancellationToken.None);
        }

        _merkle.Apply(delta);
        _retention.Commit(expired.Count, newRecords);
        for (var i = 0; i < newTail.Count; i++)
        {
            _tail.Add(newTail[i], newRecords[i].Size);
        }
        Volatile.Write(ref _lastIndex, index);
        Volatile.Write(ref _firstRetained, _retention.OldestIndex ?? index + 1);
        Volatile.Write(ref _lastRemote, lastRemote);
        for (var i = 0; i < group.Count; i++)
        {
            group[i].Applied = applied[i];
            group[i].Completion.TrySetResult();
        }
        if (newRecords.Count > 0 || resync)
        {
            Interlocked.Exchange(ref _advanced, NewSignal()).TrySetResult();
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        _jobs.Writer.TryComplete();
        await _writerLoop;
        Volatile.Read(ref _advanced).TrySetResult();
        _rebuildGate.Dispose();
        await _inner.DisposeAsync();
    }

    private sealed class WriteJob
    {
        public WriteJob(IReadOnlyList<StorageOperation> batch, ulong? upstreamIndex, bool isCopy = false, Func<string, bool>? mayExist = null)
        {
            Batch = batch;
            UpstreamIndex = upstreamIndex;
            IsCopy = isCopy;
            MayExist = mayExist;
        }

        public WriteJob(Func<Task> exclusive)
        {
            Batch = [];
            Exclusive = exclusive;
        }

        public IReadOnlyList<StorageOperation> Batch { get; }
        public ulong? UpstreamIndex { get; }

        /// <summary>
        /// A page of a bootstrap or merkle-sync: committed at a resync index instead of under a record, and setting
        /// <see cref="UpstreamIndex"/> as <c>last_remote_wal</c> even when it is lower than before.
        /// </summary>
        public bool IsCopy { get; }
        public Func<string, bool>? MayExist { get; }
        public Func<Task>? Exclusive { get; }
        public bool Applied { get; set; }

        /// <summary>Set while preparing; meaningful once <see cref="Completion"/> succeeded.</summary>
        public ulong Index { get; set; }
        public TaskCompletionSource Completion { get; } = NewSignal();
    }
}
