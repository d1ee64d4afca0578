using Coffer.Core.Replication;
using Coffer.Core.Replication.Merkle;
using Coffer.Core.Replication.Wal;
using Coffer.Core.Storage;
using static Coffer.Core.Tests.Replication.ReplicationTestStores;

namespace Coffer.Core.Tests.Replication;

public sealed class UpstreamApplyTests : IAsyncLifetime
{
    private readonly List<IAsyncDisposable> _opened = [];

    private async Task<ReplicationLog> OpenAsync(IPhysical? inner = null)
    {
        var log = await ReplicationLog.OpenAsync(inner ?? new InMemPhysical(), Classifier);
        _opened.Add(log);
        return log;
    }

    private static readonly WalRecord Mixed = Record(5,
        new WalOperation("logical/m1/secret", [1], KeyClass.Replicated),
        new WalOperation("sys/token/id/abc", [2], KeyClass.DrOnly),
        new WalOperation("core/mounts", [3], KeyClass.Replicated));

    [Fact]
    public async Task ApplyWritesOperationsAndLastRemoteWalAtomicallyAndRelogsLocally()
    {
        var inner = new FaultyPhysical(new InMemPhysical());
        var secondary = await OpenAsync(inner);

        Assert.True(await secondary.ApplyUpstreamAsync(Mixed, WalFilter.Dr));

        var batch = Assert.Single(inner.Batches);
        Assert.Contains(batch, op => op.Key == ReplicationLog.LastRemoteWalKey);
        Assert.Contains(batch, op => op.Key == "logical/m1/secret");
        Assert.Equal(5UL, secondary.LastRemoteIndex);
        Assert.Equal([1], await secondary.GetAsync("logical/m1/secret"));
        Assert.Equal([2], await secondary.GetAsync("sys/token/id/abc"));
        // Logged again under this cluster's own index, for this cluster's DR secondary.
        Assert.Equal(1UL, secondary.LastIndex);
        var relogged = Assert.Single((await secondary.ReadFromAsync(0)).Records);
        Assert.Equal(1UL, relogged.Index);
        Assert.Equal(Mixed.Operations.Select(op => op.Key), relogged.Operations.Select(op => op.Key));
        Assert.Equal(ExpectedRoot(await ContentAsync(secondary)), secondary.MerkleRootHex);
    }

    [Fact]
    public async Task ReapplyingAnAppliedIndexChangesNothing()
    {
        var secondary = await OpenAsync();
        Assert.True(await secondary.ApplyUpstreamAsync(Mixed, WalFilter.Dr));
        Assert.True(await secondary.ApplyUpstreamAsync(Record(6, new WalOperation("core/policy/p", [7], KeyClass.Replicated)), WalFilter.Dr));
        var root = secondary.MerkleRootHex;

        // A resend after a crash, even with different content, must not touch anything.
        Assert.False(await secondary.ApplyUpstreamAsync(Mixed with { Operations = [new WalOperation("logical/m1/secret", [99], KeyClass.Replicated)] }, WalFilter.Dr));
        Assert.False(await secondary.ApplyUpstreamAsync(Record(6, new WalOperation("core/policy/p", null, KeyClass.Replicated)), WalFilter.Dr));

        Assert.Equal([1], await secondary.GetAsync("logical/m1/secret"));
        Assert.Equal([7], await secondary.GetAsync("core/policy/p"));
        Assert.Equal(6UL, secondary.LastRemoteIndex);
        Assert.Equal(2UL, secondary.LastIndex);
        Assert.Equal(root, secondary.MerkleRootHex);
    }

    [Fact]
    public async Task ConcurrentDuplicateAppliesApplyOnce()
    {
        var secondary = await OpenAsync();
        var results = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Task.Run(() => secondary.ApplyUpstreamAsync(Mixed, WalFilter.Dr))));
        Assert.Equal(1, results.Count(applied => applied));
        Assert.Equal(1UL, secondary.LastIndex);
    }

    [Fact]
    public async Task DrFilterTakesReplicatedAndDrOnlyPerformanceFilterReplicatedOnly()
    {
        var dr = await OpenAsync();
        var performance = await OpenAsync();

        await dr.ApplyUpstreamAsync(Mixed, WalFilter.Dr);
        await performance.ApplyUpstreamAsync(Mixed, WalFilter.Performance);

        Assert.NotNull(await dr.GetAsync("sys/token/id/abc"));
        Assert.Null(await performance.GetAsync("sys/token/id/abc"));
        Assert.Equal([1], await performance.GetAsync("logical/m1/secret"));
        Assert.Equal([3], await performance.GetAsync("core/mounts"));
        Assert.Equal(5UL, performance.LastRemoteIndex);
        Assert.Equal(["logical/m1/secret", "core/mounts"],
            Assert.Single((await performance.ReadFromAsync(0)).Records).Operations.Select(op => op.Key));

        var onlyM2 = WalFilter.Performance.And("paths", op => op.Key.StartsWith("logical/m2/", StringComparison.Ordinal));
        var filtered = await OpenAsync();
        Assert.True(await filtered.ApplyUpstreamAsync(Mixed, onlyM2));
        Assert.Null(await filtered.GetAsync("logical/m1/secret"));
        Assert.Equal(5UL, filtered.LastRemoteIndex);
        Assert.Equal(0UL, filtered.LastIndex);
    }

    [Fact]
    public async Task LocalKeysInAStreamAreNeverApplied()
    {
        var secondary = await OpenAsync();
        await secondary.PutAsync("core/local/cluster", [1]);
        var forged = Record(3,
            new WalOperation("core/local/cluster", [66], KeyClass.Replicated),
            new WalOperation("repl/wal/00000000000000000001", [66], KeyClass.Replicated),
            new WalOperation("repl/last_remote_wal", [0, 0, 0, 0, 0, 0, 0, 99], KeyClass.DrOnly),
            new WalOperation("core/policy/ok", [1], KeyClass.Replicated));

        Assert.True(await secondary.ApplyUpstreamAsync(forged, WalFilter.Dr));

        Assert.Equal([1], await secondary.GetAsync("core/local/cluster"));
        Assert.Equal(3UL, secondary.LastRemoteIndex);
        Assert.Equal(["core/policy/ok"], Assert.Single((await secondary.ReadFromAsync(0)).Records).Operations.Select(op => op.Key));
    }

    [Fact]
    public async Task FailedApplyRecordsNothingAndCanBeRetried()
    {
        var inner = new FaultyPhysical(new InMemPhysical());
        var secondary = await OpenAsync(inner);
        inner.ShouldFail = _ => true;
        await Assert.ThrowsAsync<IOException>(() => secondary.ApplyUpstreamAsync(Mixed, WalFilter.Dr));
        Assert.Equal(0UL, secondary.LastRemoteIndex);
        Assert.Null(await secondary.GetAsync("logical/m1/secret"));
        Assert.Equal(0UL, secondary.LastIndex);

        inner.ShouldFail = _ => false;
        Assert.True(await secondary.ApplyUpstreamAsync(Mixed, WalFilter.Dr));
        Assert.Equal(5UL, secondary.LastRemoteIndex);
    }

    [Fact]
    public async Task ChainPrimaryToPerformanceSecondaryToItsDrSecondaryConverges()
    {
        var primary = await OpenAsync();
        var secondary = await OpenAsync();
        var secondaryDr = await OpenAsync();
        var random = new Random(7);
        for (var i = 0; i < 200; i++)
        {
            var key = $"logical/m{random.Next(3)}/k{random.Next(30)}";
            await (random.Next(4) == 0 ? primary.DeleteAsync(key) : primary.PutAsync(key, [(byte)random.Next(256)]));
        }

        await StreamAsync(primary, secondary, WalFilter.Performance);
        await StreamAsync(secondary, secondaryDr, WalFilter.Dr);

        Assert.Equal(primary.LastIndex, secondary.LastRemoteIndex);
        Assert.Equal(primary.MerkleRootHex, secondary.MerkleRootHex);
        Assert.Equal(primary.MerkleRootHex, secondaryDr.MerkleRootHex);
    }

    [Fact]
    public async Task A_merkle_sync_in_the_middle_of_a_chain_sends_the_end_of_the_chain_to_merkle_sync_too()
    {
        var primary = await OpenAsync();
        var middle = await OpenAsync();
        var end = await OpenAsync();
        await primary.PutAsync("logical/m1/streamed", [1]);
        await StreamAsync(primary, middle, WalFilter.Dr);
        await StreamAsync(middle, end, WalFilter.Dr);
        Assert.Equal(primary.MerkleRootHex, end.MerkleRootHex);

        // The middle falls behind the primary's retention and copies what differs, unlogged.
        for (var i = 0; i < 50; i++)
        {
            await primary.PutAsync($"logical/m{i % 3}/copied{i}", [(byte)i]);
        }
        await MerkleCatchUp.RunAsync(new LocalMerklePeer(primary, Classifier), middle, Classifier);
        Assert.Equal(primary.MerkleRootHex, middle.MerkleRootHex);

        // The end of the chain cannot stream past the copy: it is told so, catches up by merkle sync from the middle,
        // and streams what the middle relogs from then on.
        Assert.True((await middle.ReadFromAsync(end.LastRemoteIndex)).NotRetained);
        await MerkleCatchUp.RunAsync(new LocalMerklePeer(middle, Classifier), end, Classifier);
        Assert.Equal(primary.MerkleRootHex, end.MerkleRootHex);
        await primary.PutAsync("logical/m1/after", [2]);
        await StreamAsync(primary, middle, WalFilter.Dr);
        await StreamAsync(middle, end, WalFilter.Dr);
        Assert.Equal(primary.MerkleRootHex, end.MerkleRootHex);
        Assert.Equal([2], await end.GetAsync("logical/m1/after"));
    }

    private static async Task StreamAsync(ReplicationLog from, ReplicationLog to, WalFilter filter)
    {
        while (true)
        {
            var read = await from.ReadFromAsync(to.LastRemoteIndex, maxRecords: 17);
            Assert.False(read.NotRetained);
            if (read.Records.Count == 0)
            {
                return;
            }
            foreach (var record in read.Records)
            {
                Assert.True(await to.ApplyUpstreamAsync(record, filter));
            }
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var opened in _opened)
        {
            await opened.DisposeAsync();
        }
    }
}
