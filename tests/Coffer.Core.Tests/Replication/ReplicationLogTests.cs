using System.Diagnostics;
using Coffer.Core.Replication;
using Coffer.Core.Replication.Merkle;
using Coffer.Core.Replication.Wal;
using Coffer.Core.Storage;
using Xunit.Abstractions;
using static Coffer.Core.Tests.Replication.ReplicationTestStores;

namespace Coffer.Core.Tests.Replication;

public sealed class ReplicationLogTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("coffer-repl-log-").FullName;
    private readonly List<IAsyncDisposable> _opened = [];

    public static TheoryData<string> Backends => new() { "inmem", "sqlite" };

    private async Task<ReplicationLog> OpenAsync(IPhysical inner, ReplicationLogOptions? options = null)
    {
        var log = await ReplicationLog.OpenAsync(inner, Classifier, options);
        _opened.Add(log);
        return log;
    }

    [Fact]
    public async Task ChangeWalRecordAndMerkleBucketsCommitInOneInnerBatch()
    {
        var inner = new FaultyPhysical(new InMemPhysical());
        var log = await OpenAsync(inner);

        await log.CommitAsync([StorageOperation.Put("logical/m1/a", [1]), StorageOperation.Put("sys/token/id/x", [2])]);

        var batch = Assert.Single(inner.Batches);
        var keys = batch.Select(op => op.Key).ToList();
        Assert.Contains("logical/m1/a", keys);
        Assert.Contains("sys/token/id/x", keys);
        Assert.Contains(ReplicationLog.WalKey(1), keys);
        Assert.Contains(MerkleState.BucketKey("m1", MerkleHashing.BucketOf("logical/m1/a")), keys);
        Assert.Contains(MerkleState.BucketKey("dr", MerkleHashing.BucketOf("sys/token/id/x")), keys);
        var record = WalRecordCodec.Decode(batch.Single(op => op.Key == ReplicationLog.WalKey(1)).Value);
        Assert.Equal(1UL, record.Index);
        Assert.Equal([("logical/m1/a", KeyClass.Replicated), ("sys/token/id/x", KeyClass.DrOnly)],
            record.Operations.Select(op => (op.Key, op.Class)));
        Assert.Equal(1UL, log.LastIndex);
        Assert.Equal(1UL, log.FirstRetainedIndex);
    }

    [Fact]
    public async Task LocalKeysAreNeverLoggedNorIndexed()
    {
        var log = await OpenAsync(new InMemPhysical());
        var emptyRoot = log.MerkleRootHex;

        await log.CommitAsync([StorageOperation.Put("core/local/cluster", [1]), StorageOperation.Put("repl/state", [2])]);
        Assert.Equal(0UL, log.LastIndex);
        Assert.Equal(emptyRoot, log.MerkleRootHex);
        Assert.Equal([2], await log.GetAsync("repl/state"));

        await log.CommitAsync([StorageOperation.Put("core/local/other", [3]), StorageOperation.Put("core/mounts", [4])]);
        var record = Assert.Single((await log.ReadFromAsync(0)).Records);
        Assert.Equal(["core/mounts"], record.Operations.Select(op => op.Key));
        Assert.Equal(ExpectedRoot(new Dictionary<string, byte[]> { ["core/mounts"] = [4] }), log.MerkleRootHex);
    }

    [Fact]
    public async Task CallersCannotWriteTheLogsOwnBookkeeping()
    {
        var log = await OpenAsync(new InMemPhysical());
        await Assert.ThrowsAsync<ArgumentException>(() => log.PutAsync(ReplicationLog.WalKey(1), [1]));
        await Assert.ThrowsAsync<ArgumentException>(() => log.PutAsync(ReplicationLog.LastRemoteWalKey, [1]));
        await Assert.ThrowsAsync<ArgumentException>(() => log.PutAsync(MerkleState.BucketKey("core", 1), [1]));
        Assert.Equal(0UL, log.LastIndex);
    }

    [Theory, MemberData(nameof(Backends))]
    public async Task ConcurrentCommitsGetGaplessIndexesInCommitOrderAndShareInnerCommits(string backend)
    {
        var inner = new FaultyPhysical(await OpenBackendAsync(backend, _directory));
        var log = await OpenAsync(inner);
        const int writers = 8;
        const int perWriter = 150;
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < perWriter; i++)
            {
                await log.CommitAsync([StorageOperation.Put($"logical/m{w % 3}/w{w}/k{i % 10}", BitConverter.GetBytes(i))]);
            }
        })));
        var elapsed = Stopwatch.GetElapsedTime(started);
        output.WriteLine($"{backend}: {writers * perWriter} commits in {elapsed.TotalMilliseconds:F0} ms " +
                         $"({writers * perWriter / elapsed.TotalSeconds:F0}/s) over {inner.Commits} inner commits");

        Assert.Equal((ulong)(writers * perWriter), log.LastIndex);
        var records = (await log.ReadFromAsync(0, maxRecords: int.MaxValue, maxBytes: long.MaxValue)).Records;
        Assert.Equal(Enumerable.Range(1, writers * perWriter).Select(i => (ulong)i), records.Select(r => r.Index));
        // Each writer waited for its commit before the next, so its records must appear in its own order.
        for (var w = 0; w < writers; w++)
        {
            var sequence = records.SelectMany(r => r.Operations).Where(op => op.Key.Contains($"/w{w}/"))
                .Select(op => BitConverter.ToInt32(op.Value)).ToList();
            Assert.Equal(Enumerable.Range(0, perWriter), sequence);
        }
        // Group commit survives: concurrent callers share inner transactions.
        Assert.True(inner.Commits < writers * perWriter, $"{inner.Commits} inner commits for {writers * perWriter} batches");
        Assert.Equal(ExpectedRoot(await ContentAsync(log)), log.MerkleRootHex);
    }

    [Fact]
    public async Task FailedInnerCommitLeavesNoRecordNoMerkleChangeAndNoGap()
    {
        var inner = new FaultyPhysical(new InMemPhysical());
        var log = await OpenAsync(inner);
        await log.PutAsync("logical/m1/a", [1]);
        var root = log.MerkleRootHex;

        inner.ShouldFail = _ => true;
        await Assert.ThrowsAsync<IOException>(() => log.PutAsync("logical/m1/b", [2]));
        await Assert.ThrowsAsync<IOException>(() => log.DeleteAsync("logical/m1/a"));

        Assert.Equal(1UL, log.LastIndex);
        Assert.Equal(root, log.MerkleRootHex);
        Assert.Null(await log.GetAsync(ReplicationLog.WalKey(2)));
        Assert.Null(await log.GetAsync("logical/m1/b"));

        inner.ShouldFail = _ => false;
        await log.PutAsync("logical/m1/c", [3]);
        Assert.Equal(2UL, log.LastIndex);
        var record = Assert.Single((await log.ReadFromAsync(1)).Records);
        Assert.Equal("logical/m1/c", Assert.Single(record.Operations).Key);
        Assert.Equal(ExpectedRoot(await ContentAsync(log)), log.MerkleRootHex);
        await AssertIndexMatchesStorageAsync(log);
    }

    [Fact]
    public async Task BatchesQueuedBehindACommitFoldIntoOneInnerCommitAndCanExpireTheirOwnRecords()
    {
        var inner = new FaultyPhysical(new InMemPhysical());
        var log = await OpenAsync(inner, new ReplicationLogOptions { MaxEntries = 3 });
        inner.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var first = log.PutAsync("core/first", [0]);
        await inner.Entered.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var queued = Enumerable.Range(1, 10).Select(i => log.CommitWithIndexAsync([StorageOperation.Put($"core/k{i}", [(byte)i])])).ToList();
        var gate = inner.Gate;
        inner.Gate = null;
        gate.SetResult();
        await first;
        var indexes = await Task.WhenAll(queued);

        Assert.Equal(Enumerable.Range(2, 10).Select(i => (ulong)i), indexes);
        Assert.Equal(2, inner.Commits);
        Assert.Equal(["00000000000000000009", "00000000000000000010", "00000000000000000011"], await log.ListAsync(ReplicationLog.WalPrefix));
        Assert.Equal(9UL, log.FirstRetainedIndex);
        Assert.True((await log.ReadFromAsync(7)).NotRetained);
        Assert.Equal([9UL, 10, 11], (await log.ReadFromAsync(8)).Records.Select(r => r.Index));
        Assert.Equal(ExpectedRoot(await ContentAsync(log)), log.MerkleRootHex);
    }

    [Fact]
    public async Task OneBadBatchInAGroupFailsAloneAndTheRestCommitWithoutGaps()
    {
        var inner = new FaultyPhysical(new InMemPhysical());
        var log = await OpenAsync(inner);
        inner.ShouldFail = batch => batch.Any(op => op.Key == "logical/m1/bad");

        var commits = Enumerable.Range(0, 40).Select(i => Task.Run(() =>
            log.PutAsync(i == 17 ? "logical/m1/bad" : $"logical/m1/k{i}", [(byte)i]))).ToList();
        var outcome = await Task.WhenAll(commits.Select(async c =>
        {
            try
            {
                await c;
                return true;
            }
            catch (IOException)
            {
                return false;
            }
        }));

        Assert.Equal(39, outcome.Count(ok => ok));
        Assert.Equal(39UL, log.LastIndex);
        var records = (await log.ReadFromAsync(0, int.MaxValue, long.MaxValue)).Records;
        Assert.Equal(Enumerable.Range(1, 39).Select(i => (ulong)i), records.Select(r => r.Index));
        Assert.DoesNotContain(records.SelectMany(r => r.Operations), op => op.Key == "logical/m1/bad");
        Assert.Equal(ExpectedRoot(await ContentAsync(log)), log.MerkleRootHex);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4096)]
    public async Task RetentionKeepsAtMostMaxEntriesAndReportsNotRetained(int tailRecords)
    {
        var log = await OpenAsync(new InMemPhysical(), new ReplicationLogOptions { MaxEntries = 5, TailRecords = tailRecords });
        for (var i = 1; i <= 12; i++)
        {
            await log.PutAsync($"core/policy/p{i}", [(byte)i]);
        }

        Assert.Equal(12UL, log.LastIndex);
        Assert.Equal(8UL, log.FirstRetainedIndex);
        Assert.Equal(["00000000000000000008", "00000000000000000009", "00000000000000000010", "00000000000000000011", "00000000000000000012"],
            await log.ListAsync(ReplicationLog.WalPrefix));
        Assert.True((await log.ReadFromAsync(6)).NotRetained);
        Assert.True((await log.ReadFromAsync(0)).NotRetained);
        var fromSeven = await log.ReadFromAsync(7);
        Assert.False(fromSeven.NotRetained);
        Assert.Equal([8UL, 9, 10, 11, 12], fromSeven.Records.Select(r => r.Index));
        var caughtUp = await log.ReadFromAsync(12);
        Assert.False(caughtUp.NotRetained);
        Assert.Empty(caughtUp.Records);
        // A reader claiming an index this log never wrote followed another history.
        Assert.True((await log.ReadFromAsync(13)).NotRetained);
    }

    [Fact]
    public async Task RetentionKeepsAtMostMaxBytesButAlwaysTheNewestRecord()
    {
        var probe = WalRecordCodec.Encode(Record(1, new WalOperation("core/x00", new byte[100], KeyClass.Replicated))).Length;
        var log = await OpenAsync(new InMemPhysical(), new ReplicationLogOptions { MaxBytes = probe * 3 });
        for (var i = 1; i <= 10; i++)
        {
            await log.PutAsync($"core/x{i:D2}", new byte[100]);
        }
        Assert.Equal(10UL, log.LastIndex);
        Assert.Equal(8UL, log.FirstRetainedIndex);
        Assert.Equal(3, (await log.ListAsync(ReplicationLog.WalPrefix)).Count);

        await log.PutAsync("core/huge", new byte[probe * 5]);
        Assert.Equal(11UL, log.LastIndex);
        Assert.Equal(11UL, log.FirstRetainedIndex);
        Assert.Equal(11UL, Assert.Single((await log.ReadFromAsync(10)).Records).Index);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(4096)]
    public async Task ReadFromHonoursRecordAndByteLimits(int tailRecords)
    {
        var log = await OpenAsync(new InMemPhysical(), new ReplicationLogOptions { TailRecords = tailRecords });
        for (var i = 1; i <= 6; i++)
        {
            await log.PutAsync($"core/k{i}", new byte[1000]);
        }
        Assert.Equal([1UL, 2], (await log.ReadFromAsync(0, maxRecords: 2)).Records.Select(r => r.Index));
        Assert.Equal([3UL, 4, 5], (await log.ReadFromAsync(2, maxBytes: 3500)).Records.Select(r => r.Index));
        // The first record always comes, whatever its size, so a reader never stalls.
        Assert.Equal([1UL], (await log.ReadFromAsync(0, maxBytes: 10)).Records.Select(r => r.Index));
        var all = (await log.ReadFromAsync(0)).Records;
        Assert.Equal([1UL, 2, 3, 4, 5, 6], all.Select(r => r.Index));
        Assert.Equal([.. Enumerable.Range(1, 6).Select(i => $"core/k{i}")], all.Select(r => Assert.Single(r.Operations).Key));
    }

    [Fact]
    public async Task WaitForIndexCompletesWhenTheRecordCommits()
    {
        var log = await OpenAsync(new InMemPhysical());
        await log.PutAsync("core/a", [1]);
        await log.WaitForIndexAsync(1);

        var waiting = log.WaitForIndexAsync(3);
        await log.PutAsync("core/b", [1]);
        await log.PutAsync("core/local/ignored", [1]);
        Assert.False(waiting.IsCompleted);
        await log.PutAsync("core/c", [1]);
        await waiting.WaitAsync(TimeSpan.FromSeconds(10));

        using var cancel = new CancellationTokenSource();
        var cancelled = log.WaitForIndexAsync(100, cancel.Token);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
    }

    [Fact]
    public async Task CommitWithIndexReturnsTheRecordsIndexAndRetainedCountsFollow()
    {
        var log = await OpenAsync(new InMemPhysical(), new ReplicationLogOptions { MaxEntries = 2 });
        Assert.Equal(1UL, await log.CommitWithIndexAsync([StorageOperation.Put("core/a", [1])]));
        Assert.Equal(2UL, await log.CommitWithIndexAsync([StorageOperation.Put("core/b", [1])]));
        Assert.Equal(2UL, await log.CommitWithIndexAsync([StorageOperation.Put("core/local/c", [1])]));
        var indexes = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            Task.Run(() => log.CommitWithIndexAsync([StorageOperation.Put($"core/k{i}", [1])]))));
        Assert.Equal(Enumerable.Range(3, 20).Select(i => (ulong)i), indexes.Order());
        var (records, bytes) = log.Retained;
        // However the 20 concurrent commits were grouped, only the newest two records stay.
        Assert.Equal(2, records);
        Assert.Equal(["00000000000000000021", "00000000000000000022"], await log.ListAsync(ReplicationLog.WalPrefix));
        Assert.Equal(21UL, log.FirstRetainedIndex);
        Assert.Equal((await log.ReadFromAsync(20)).Records.Sum(r => WalRecordCodec.Encode(r).Length), bytes);
    }

    [Fact]
    public async Task WaitersWakeWithAnErrorWhenTheLogCloses()
    {
        var log = await ReplicationLog.OpenAsync(new InMemPhysical(), Classifier);
        var waiting = log.WaitForIndexAsync(5);
        await log.DisposeAsync();
        await Assert.ThrowsAsync<ObjectDisposedException>(() => waiting.WaitAsync(TimeSpan.FromSeconds(10)));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => log.PutAsync("core/a", [1]));
    }

    [Fact]
    public async Task ReadersRacingRetentionGetContiguousRecordsOrNotRetained()
    {
        var log = await OpenAsync(new InMemPhysical(), new ReplicationLogOptions { MaxEntries = 3 });
        using var stop = new CancellationTokenSource();
        var writer = Task.Run(async () =>
        {
            for (var i = 0; i < 400; i++)
            {
                await log.PutAsync($"core/k{i % 5}", [(byte)i]);
            }
        });
        var reads = 0;
        var gone = 0;
        while (!writer.IsCompleted)
        {
            var after = log.LastIndex > 2 ? log.LastIndex - 2 : 0;
            var read = await log.ReadFromAsync(after);
            reads++;
            if (read.NotRetained)
            {
                gone++;
                continue;
            }
            Assert.Equal(Enumerable.Range(0, read.Records.Count).Select(i => after + 1 + (ulong)i), read.Records.Select(r => r.Index));
        }
        await writer;
        output.WriteLine($"{reads} reads, {gone} not retained");
        Assert.True(reads > 0);
        Assert.Equal(398UL, log.FirstRetainedIndex);
    }

    [Fact]
    public async Task ReopeningTheSameSqliteFileKeepsIndexesRetentionAndMerkleRoot()
    {
        var options = new ReplicationLogOptions { MaxEntries = 4 };
        var log = await ReplicationLog.OpenAsync(await OpenBackendAsync("sqlite", _directory, "restart.db"), Classifier, options);
        for (var i = 0; i < 10; i++)
        {
            await log.PutAsync($"logical/m{i % 2}/k{i}", [(byte)i]);
        }
        await log.DeleteAsync("logical/m0/k0");
        await log.ApplyUpstreamAsync(Record(42, new WalOperation("core/mounts", [9], KeyClass.Replicated)), WalFilter.Dr);
        var root = log.MerkleRootHex;
        await log.DisposeAsync();

        var reopened = await OpenAsync(await OpenBackendAsync("sqlite", _directory, "restart.db"), options);
        Assert.Equal(12UL, reopened.LastIndex);
        Assert.Equal(9UL, reopened.FirstRetainedIndex);
        Assert.Equal(42UL, reopened.LastRemoteIndex);
        Assert.Equal(root, reopened.MerkleRootHex);
        await reopened.PutAsync("core/after", [1]);
        Assert.Equal(13UL, reopened.LastIndex);
        Assert.Equal(10UL, reopened.FirstRetainedIndex);
        Assert.Equal(ExpectedRoot(await ContentAsync(reopened)), reopened.MerkleRootHex);
    }

    [Fact]
    public async Task CopiedPagesAreNotLoggedAndSendReadersBehindThemToMerkleDiffAcrossRestarts()
    {
        var log = await ReplicationLog.OpenAsync(await OpenBackendAsync("sqlite", _directory, "resync.db"), Classifier);
        await log.PutAsync("logical/m1/old", [1]);
        await log.PutAsync("logical/m1/copied", [1]);
        Assert.Equal(2UL, log.LastIndex);

        // A bootstrap page: one key it knows is absent (no read), one it knows is stored (read for the merkle delta).
        await log.ApplySyncAsync([StorageOperation.Put("logical/m2/new", [2]), StorageOperation.Put("logical/m1/copied", [3])], 40,
            key => key == "logical/m1/copied");

        Assert.Equal(3UL, log.LastIndex);
        Assert.Equal(40UL, log.LastRemoteIndex);
        Assert.Equal(4UL, log.FirstRetainedIndex);
        Assert.True((await log.ReadFromAsync(1)).NotRetained);
        Assert.True((await log.ReadFromAsync(2)).NotRetained);
        Assert.Empty((await log.ReadFromAsync(3)).Records);
        Assert.Equal(ExpectedRoot(await ContentAsync(log)), log.MerkleRootHex);
        await AssertIndexMatchesStorageAsync(log);
        await log.DisposeAsync();

        var reopened = await OpenAsync(await OpenBackendAsync("sqlite", _directory, "resync.db"));
        Assert.Equal(3UL, reopened.LastIndex);
        Assert.True((await reopened.ReadFromAsync(2)).NotRetained);
        await reopened.PutAsync("core/after", [1]);
        Assert.Equal(4UL, reopened.LastIndex);
        var after = Assert.Single((await reopened.ReadFromAsync(3)).Records);
        Assert.Equal("core/after", Assert.Single(after.Operations).Key);
        await Assert.ThrowsAsync<ArgumentException>(() => reopened.PutAsync(ReplicationLog.ResyncIndexKey, [0]));
    }

    [Fact]
    public void CodecRoundTripsAndRejectsDamage()
    {
        var record = Record(7, new WalOperation("logical/m1/ä", [1, 2, 3], KeyClass.Replicated),
            new WalOperation("sys/token/x", null, KeyClass.DrOnly), new WalOperation("core/empty", [], KeyClass.Replicated));
        var encoded = WalRecordCodec.Encode(record);
        var decoded = WalRecordCodec.Decode(encoded);
        Assert.Equal(record.Index, decoded.Index);
        Assert.Equal(record.TimestampUnixMs, decoded.TimestampUnixMs);
        Assert.Equal(record.Operations.Select(op => (op.Key, op.Class, op.IsDelete, op.Value is null ? "" : Convert.ToHexString(op.Value))),
            decoded.Operations.Select(op => (op.Key, op.Class, op.IsDelete, op.Value is null ? "" : Convert.ToHexString(op.Value))));
        Assert.Throws<FormatException>(() => WalRecordCodec.Decode(encoded.AsSpan(0, encoded.Length - 1)));
        Assert.Throws<FormatException>(() => WalRecordCodec.Decode([.. encoded, 0]));
        Assert.Throws<FormatException>(() => WalRecordCodec.Decode([2, .. encoded.AsSpan(1)]));
    }

    private static async Task AssertIndexMatchesStorageAsync(ReplicationLog log)
    {
        var report = await log.MerkleCheckAsync();
        Assert.False(report.CorruptedRoot);
        Assert.Empty(report.CorruptedTrees);
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
