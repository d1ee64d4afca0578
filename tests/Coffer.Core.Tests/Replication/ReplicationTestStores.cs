using Coffer.Core.Replication;
using Coffer.Core.Replication.Merkle;
using Coffer.Core.Replication.Wal;
using Coffer.Core.Storage;

namespace Coffer.Core.Tests.Replication;

/// <summary>Backends, a fault-injecting wrapper and an independent merkle computation for the replication tests.</summary>
internal static class ReplicationTestStores
{
    public static readonly KeyClassifier Classifier = new(uuid => uuid switch
    {
        "localmount" => true,
        _ => false,
    });

    public static async Task<IPhysical> OpenBackendAsync(string backend, string directory, string? file = null) =>
        backend == "sqlite"
            ? await SqlitePhysical.OpenAsync(Path.Combine(directory, file ?? $"{Guid.NewGuid()}.db"))
            : new InMemPhysical();

    /// <summary>The merkle root computed straight from the expected content, sharing no code path with the log's incremental updates.</summary>
    public static string ExpectedRoot(IReadOnlyDictionary<string, byte[]> content)
    {
        var trees = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var (key, value) in content)
        {
            if (Classifier.Classify(key) == KeyClass.Local)
            {
                continue;
            }
            var treeId = MerkleHashing.TreeIdOf(key);
            if (!trees.TryGetValue(treeId, out var tree))
            {
                tree = new byte[MerkleHashing.TreeSize];
                trees[treeId] = tree;
            }
            var leaf = System.Security.Cryptography.SHA256.HashData([.. System.Text.Encoding.UTF8.GetBytes(key), 0, .. value]);
            MerkleHashing.XorInto(tree.AsSpan(MerkleHashing.BucketOf(key) * MerkleHashing.HashSize), leaf);
        }
        return MerkleState.FromTrees(trees).RootHex;
    }

    /// <summary>Every entry of a store outside the log's own bookkeeping.</summary>
    public static async Task<Dictionary<string, byte[]>> ContentAsync(IPhysical storage)
    {
        var content = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        await foreach (var (key, value) in StorageScan.EntriesAsync(storage, "", StorageScan.Past("repl/")))
        {
            content[key] = value;
        }
        return content;
    }

    public static WalRecord Record(ulong index, params WalOperation[] operations) => new(index, 1_700_000_000_000, operations);
}

/// <summary>Counts inner commits and fails those a test chooses, as a crashing disk or a constraint violation would.</summary>
internal sealed class FaultyPhysical(IPhysical inner) : IPhysical
{
    private int _commits;

    public Func<IReadOnlyList<StorageOperation>, bool> ShouldFail { get; set; } = _ => false;

    /// <summary>Slows reads so a concurrent scan and concurrent writers interleave.</summary>
    public bool YieldOnRead { get; set; }

    public int Commits => Volatile.Read(ref _commits);

    public List<IReadOnlyList<StorageOperation>> Batches { get; } = [];

    public string Name => inner.Name;

    public async Task<byte[]?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        if (YieldOnRead)
        {
            await Task.Yield();
        }
        return await inner.GetAsync(key, cancellationToken);
    }

    public async Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellationToken = default)
    {
        if (YieldOnRead)
        {
            await Task.Yield();
        }
        return await inner.ListAsync(prefix, cancellationToken);
    }

    public async Task<IReadOnlyList<KeyValuePair<string, byte[]>>> ReadRangeAsync(string fromKey, string toKey, int limit,
        CancellationToken cancellationToken = default)
    {
        if (YieldOnRead)
        {
            // A scan reads few, large pages: each one waits long enough for writers to get between them.
            await Task.Delay(10, cancellationToken);
        }
        return await inner.ReadRangeAsync(fromKey, toKey, limit, cancellationToken);
    }

    /// <summary>While set, commits wait for it (after signalling <see cref="Entered"/>), so callers pile up behind them.</summary>
    public TaskCompletionSource? Gate { get; set; }

    public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public async Task CommitAsync(IReadOnlyList<StorageOperation> batch, CancellationToken cancellationToken = default)
    {
        if (Gate is { } gate)
        {
            Entered.TrySetResult();
            await gate.Task;
        }
        if (ShouldFail(batch))
        {
            throw new IOException("injected commit failure");
        }
        Interlocked.Increment(ref _commits);
        lock (Batches)
        {
            Batches.Add(batch);
        }
        await inner.CommitAsync(batch, cancellationToken);
    }

    /// <summary>Leaves the inner store open: tests reopen a log over it, as a restarted process would.</summary>
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeInnerAsync() => inner.DisposeAsync();
}
