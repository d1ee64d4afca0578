using Coffer.Core.Replication;
using Coffer.Core.Replication.Merkle;
using Coffer.Core.Replication.Wal;
using Coffer.Core.Storage;
using static Coffer.Core.Tests.Replication.ReplicationTestStores;

namespace Coffer.Core.Tests.Replication;

public sealed class MerkleIndexTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("coffer-merkle-").FullName;
    private readonly List<IAsyncDisposable> _opened = [];

    private async Task<ReplicationLog> OpenAsync(IPhysical inner)
    {
        var log = await ReplicationLog.OpenAsync(inner, Classifier);
        _opened.Add(log);
        return log;
    }

    [Fact]
    public void TreesFollowTheMountOfTheKey()
    {
        Assert.Equal("uuid-1", MerkleHashing.TreeIdOf("logical/uuid-1/data/foo"));
        Assert.Equal("uuid-2", MerkleHashing.TreeIdOf("auth/uuid-2/role/x"));
        Assert.Equal("core", MerkleHashing.TreeIdOf("core/mounts"));
        Assert.Equal("dr", MerkleHashing.TreeIdOf("sys/token/id/x"));
        Assert.Equal("dr", MerkleHashing.TreeIdOf("core/dr/local-mounts"));
        Assert.Equal("dr", MerkleHashing.TreeIdOf("auth/uuid-2/secret_id_local/x"));
        Assert.Equal("uuid-2", MerkleHashing.TreeIdOf("auth/uuid-2/secret_id/x"));
        Assert.Equal("core", MerkleHashing.TreeIdOf("logical/no-slash"));
        Assert.Equal("core", MerkleHashing.TreeIdOf("logical//x"));
    }

    [Fact]
    public void LeafHashSeparatesKeyFromValue()
    {
        Assert.NotEqual(MerkleHashing.LeafHash("ab", "c"u8), MerkleHashing.LeafHash("a", "bc"u8));
        Assert.Equal(System.Security.Cryptography.SHA256.HashData("k\0v"u8), MerkleHashing.LeafHash("k", "v"u8));
    }

    [Fact]
    public async Task RootIsFortyHexAndReturnsToEmptyWhenEverythingIsUndone()
    {
        var log = await OpenAsync(new InMemPhysical());
        var empty = log.MerkleRootHex;
        Assert.Matches("^[0-9a-f]{40}$", empty);

        await log.PutAsync("logical/m1/a", [1]);
        var one = log.MerkleRootHex;
        Assert.NotEqual(empty, one);
        await log.PutAsync("logical/m1/a", [2]);
        Assert.NotEqual(one, log.MerkleRootHex);
        await log.PutAsync("logical/m1/a", [1]);
        Assert.Equal(one, log.MerkleRootHex);
        await log.DeleteAsync("logical/m1/a");
        Assert.Equal(empty, log.MerkleRootHex);
        Assert.Null(log.MerkleTreeRoot("m1"));
        Assert.Empty(await log.ListAsync(MerkleState.BucketPrefix));
    }

    [Theory]
    [InlineData("inmem", 11)]
    [InlineData("inmem", 12)]
    [InlineData("sqlite", 13)]
    public async Task IncrementalIndexEqualsIndependentRebuildOverRandomOperations(string backend, int seed)
    {
        var inner = await OpenBackendAsync(backend, _directory, $"random-{seed}.db");
        var log = await ReplicationLog.OpenAsync(inner, Classifier);
        var random = new Random(seed);
        var model = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        string[] prefixes = ["logical/m1/", "logical/m2/", "auth/a1/", "logical/localmount/", "core/", "sys/token/", "core/local/", "repl/x/"];
        for (var step = 0; step < 600; step++)
        {
            var batch = new List<StorageOperation>();
            for (var n = random.Next(1, 5); n > 0; n--)
            {
                var key = prefixes[random.Next(prefixes.Length)] + "k" + random.Next(25);
                if (random.Next(3) == 0)
                {
                    batch.Add(StorageOperation.Delete(key));
                    model.Remove(key);
                }
                else
                {
                    var value = new byte[random.Next(0, 40)];
                    random.NextBytes(value);
                    batch.Add(StorageOperation.Put(key, value));
                    model[key] = value;
                }
            }
            await log.CommitAsync(batch);
            if (step % 100 == 99)
            {
                Assert.Equal(ExpectedRoot(model), log.MerkleRootHex);
            }
        }
        Assert.Equal(ExpectedRoot(model), log.MerkleRootHex);
        var check = await log.MerkleCheckAsync();
        Assert.False(check.CorruptedRoot);
        Assert.Equal(check.IndexedRootHex, check.RebuiltRootHex);
        await log.DisposeAsync();

        if (backend == "sqlite")
        {
            // The persisted buckets alone reproduce the same root after a restart.
            var reopened = await OpenAsync(await OpenBackendAsync("sqlite", _directory, $"random-{seed}.db"));
            Assert.Equal(ExpectedRoot(model), reopened.MerkleRootHex);
        }
    }

    [Fact]
    public async Task CrashDuringCommitsLeavesDataWalAndMerkleInAgreementAfterReopen()
    {
        var store = new InMemPhysical();
        _opened.Add(store);
        var inner = new FaultyPhysical(store);
        var log = await ReplicationLog.OpenAsync(inner, Classifier);
        var commits = 0;
        // The disk "dies" at the 60th commit: that batch and every later one fail.
        inner.ShouldFail = _ => Interlocked.Increment(ref commits) >= 60;
        var writers = Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < 40; i++)
            {
                try
                {
                    await log.PutAsync($"logical/m{w}/k{i % 7}", [(byte)i, (byte)w]);
                }
                catch (IOException)
                {
                }
            }
        })).ToList();
        await Task.WhenAll(writers);
        var lastIndex = log.LastIndex;
        await log.DisposeAsync();

        inner.ShouldFail = _ => false;
        var reopened = await OpenAsync(inner);
        Assert.Equal(lastIndex, reopened.LastIndex);
        var content = await ContentAsync(reopened);
        Assert.Equal(ExpectedRoot(content), reopened.MerkleRootHex);
        var check = await reopened.MerkleCheckAsync();
        Assert.False(check.CorruptedRoot);
        // Every committed value is the last one its WAL says was written.
        var replay = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var record in (await reopened.ReadFromAsync(0, int.MaxValue, long.MaxValue)).Records)
        {
            foreach (var op in record.Operations)
            {
                replay[op.Key] = op.Value!;
            }
        }
        Assert.Equal(replay.OrderBy(e => e.Key).Select(e => (e.Key, Convert.ToHexString(e.Value))),
            content.OrderBy(e => e.Key).Select(e => (e.Key, Convert.ToHexString(e.Value))));
    }

    [Fact]
    public async Task MerkleCheckReportsAnEntryWrittenBehindTheIndexAndReindexRepairsIt()
    {
        var store = new InMemPhysical();
        var log = await OpenAsync(store);
        await log.PutAsync("logical/m1/a", [1]);
        await log.PutAsync("logical/m2/b", [2]);
        await log.PutAsync("core/policy/p", [3]);
        var clean = await log.MerkleCheckAsync();
        Assert.False(clean.CorruptedRoot);
        Assert.Empty(clean.CorruptedTrees);

        // Bit rot, or a write that bypassed the log.
        await store.PutAsync("logical/m2/b", [2, 0]);
        var report = await log.MerkleCheckAsync();
        Assert.True(report.CorruptedRoot);
        var tree = Assert.Single(report.CorruptedTrees);
        Assert.Equal("m2", tree.TreeId);
        Assert.True(tree.CorruptedSubtreeRoot);
        Assert.Equal([MerkleHashing.BucketOf("logical/m2/b")], tree.CorruptedBuckets);
        Assert.Equal(Convert.ToBase64String(log.MerkleTreeRoot("m2")!), tree.RootHashBase64);
        Assert.Same(report, log.LastCorruptionCheck);
        Assert.NotEqual(report.IndexedRootHex, report.RebuiltRootHex);

        await log.ReindexAsync();
        Assert.NotNull(log.LastReindexAt);
        Assert.Equal(report.RebuiltRootHex, log.MerkleRootHex);
        Assert.Equal(ExpectedRoot(await ContentAsync(log)), log.MerkleRootHex);
        Assert.Empty((await log.MerkleCheckAsync()).CorruptedTrees);

        // The repaired buckets were persisted, not only swapped in memory.
        var reopened = await MerkleState.LoadAsync(store);
        Assert.Equal(log.MerkleRootHex, reopened.RootHex);
    }

    [Fact]
    public async Task ReindexWhileWritersRunEndsEqualToAFrozenRebuild()
    {
        var store = new InMemPhysical();
        var inner = new FaultyPhysical(store);
        var log = await OpenAsync(inner);
        var seed = new List<StorageOperation>();
        for (var i = 0; i < 1500; i++)
        {
            seed.Add(StorageOperation.Put($"logical/m{i % 5}/k{i:D4}", [(byte)i]));
            seed.Add(StorageOperation.Put($"sys/token/t{i:D4}", [(byte)(i * 7)]));
        }
        await log.CommitAsync(seed);
        // Damage the index so the reindex has something to repair.
        await store.PutAsync("logical/m3/k0003", [42, 42]);
        inner.YieldOnRead = true;

        var writesDuringReindex = 0;
        using var stop = new CancellationTokenSource();
        var writers = Enumerable.Range(0, 3).Select(w => Task.Run(async () =>
        {
            var random = new Random(w);
            while (!stop.IsCancellationRequested)
            {
                var i = random.Next(1600);
                var key = random.Next(2) == 0 ? $"logical/m{i % 6}/k{i:D4}" : $"sys/token/t{i:D4}";
                await (random.Next(3) == 0 ? log.DeleteAsync(key) : log.PutAsync(key, [(byte)random.Next(256), (byte)w]));
                Interlocked.Increment(ref writesDuringReindex);
            }
        })).ToList();
        await log.ReindexAsync();
        var writesBeforeEnd = Volatile.Read(ref writesDuringReindex);
        await stop.CancelAsync();
        await Task.WhenAll(writers);
        inner.YieldOnRead = false;

        Assert.True(writesBeforeEnd > 50, $"only {writesBeforeEnd} writes overlapped the reindex");
        Assert.Equal(ExpectedRoot(await ContentAsync(log)), log.MerkleRootHex);
        Assert.Empty((await log.MerkleCheckAsync()).CorruptedTrees);
    }

    [Fact]
    public void TrackerHandlesEveryInterleavingOfScanAndWrite()
    {
        byte[] oldA = [1], newA = [2], oldB = [3], newB = [4], newC = [5], oldD = [6];
        var tracker = new ReindexTracker();
        tracker.OnScanned("k/a", oldA);   // scan passes a, then a changes
        tracker.OnWrite("k/a", oldA);
        tracker.OnWrite("k/b", oldB);     // b changes before the scan reaches it
        tracker.OnScanned("k/b", newB);
        tracker.OnWrite("k/d", oldD);     // d is deleted before the scan reaches it
        tracker.OnScanned("k/d", null);
        tracker.OnScanned("k/e", [7]);    // e never changes
        tracker.OnWrite("k/c", null);     // c is created behind the scan
        foreach (var (key, value) in new[] { ("k/a", newA), ("k/b", newB), ("k/c", newC), ("k/d", (byte[]?)null) })
        {
            Assert.Contains(key, tracker.TouchedKeys());
            tracker.AddCurrent(key, value);
        }
        Assert.Equal(ExpectedRoot(new Dictionary<string, byte[]> { ["k/a"] = newA, ["k/b"] = newB, ["k/c"] = newC, ["k/e"] = [7] }),
            tracker.Result().RootHex);
    }

    [Fact]
    public async Task ScanVisitsKeysInOrdinalOrder()
    {
        var store = new InMemPhysical();
        _opened.Add(store);
        string[] keys = ["a", "a-b", "a/x", "a/y/z", "a0", "b/c", "b/c/d", "b/c0", "b/c-", "repl/skip"];
        await store.CommitAsync(keys.Select(k => StorageOperation.Put(k, [1])).ToList());
        var visited = new List<string>();
        await foreach (var (key, _) in StorageScan.EntriesAsync(store, "", StorageScan.Past("repl/")))
        {
            visited.Add(key);
        }
        Assert.Equal(keys.Where(k => k != "repl/skip").Order(StringComparer.Ordinal), visited);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var opened in _opened)
        {
            await opened.DisposeAsync();
        }
        Directory.Delete(_directory, recursive: true);
    }
}
