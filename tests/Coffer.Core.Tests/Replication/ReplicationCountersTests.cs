using Coffer.Core.Replication;

namespace Coffer.Core.Tests.Replication;

public sealed class ReplicationCountersTests
{
    [Fact]
    public void StartsAtZero()
    {
        var snapshot = new ReplicationCounters().Snapshot();
        Assert.Empty(snapshot.ShippedBySecondary);
        Assert.Equal(0, snapshot.StreamStartsGuardFound + snapshot.StreamStartsMissingGuard + snapshot.Reconnects);
        Assert.Equal(0, snapshot.AppliedEntries + snapshot.AppliedBytes + snapshot.MerkleSyncKeys + snapshot.MerkleDiffDifferingBuckets);
        Assert.Equal(0, snapshot.MerkleDiffRuns + snapshot.MerkleSyncRuns);
        Assert.Equal(TimeSpan.Zero, snapshot.MerkleDiffTotalDuration);
    }

    [Fact]
    public void EachRecordLandsInItsOwnTotal()
    {
        var counters = new ReplicationCounters();
        counters.RecordShipped("dr-b", 3, 300);
        counters.RecordShipped("dr-a", 1, 10);
        counters.RecordShipped("dr-b", 2, 50);
        counters.RecordStreamStart(guardFound: true);
        counters.RecordStreamStart(guardFound: true);
        counters.RecordStreamStart(guardFound: false);
        counters.RecordReconnect();
        counters.RecordApplied(4, 400);
        counters.RecordApplied(1, 5);
        counters.RecordMerkleDiff(TimeSpan.FromMilliseconds(30), 7);
        counters.RecordMerkleSync(TimeSpan.FromMilliseconds(120), 12);
        counters.RecordMerkleSync(TimeSpan.FromMilliseconds(80), 3);

        var snapshot = counters.Snapshot();
        Assert.Equal(["dr-a", "dr-b"], snapshot.ShippedBySecondary.Keys);
        Assert.Equal((1L, 10L), snapshot.ShippedBySecondary["dr-a"]);
        Assert.Equal((5L, 350L), snapshot.ShippedBySecondary["dr-b"]);
        Assert.Equal(2, snapshot.StreamStartsGuardFound);
        Assert.Equal(1, snapshot.StreamStartsMissingGuard);
        Assert.Equal(1, snapshot.Reconnects);
        Assert.Equal(5, snapshot.AppliedEntries);
        Assert.Equal(405, snapshot.AppliedBytes);
        Assert.Equal(1, snapshot.MerkleDiffRuns);
        Assert.Equal(TimeSpan.FromMilliseconds(30), snapshot.MerkleDiffTotalDuration);
        Assert.Equal(7, snapshot.MerkleDiffDifferingBuckets);
        Assert.Equal(2, snapshot.MerkleSyncRuns);
        Assert.Equal(TimeSpan.FromMilliseconds(200), snapshot.MerkleSyncTotalDuration);
        Assert.Equal(15, snapshot.MerkleSyncKeys);
    }

    [Fact]
    public void ASnapshotDoesNotChangeWithLaterRecords()
    {
        var counters = new ReplicationCounters();
        counters.RecordShipped("dr", 1, 1);
        var before = counters.Snapshot();
        counters.RecordShipped("dr", 1, 1);
        counters.RecordShipped("perf", 1, 1);
        Assert.Equal((1L, 1L), before.ShippedBySecondary["dr"]);
        Assert.Single(before.ShippedBySecondary);
    }

    [Fact]
    public void NegativeAmountsAreRefused()
    {
        var counters = new ReplicationCounters();
        Assert.Throws<ArgumentOutOfRangeException>(() => counters.RecordShipped("dr", -1, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => counters.RecordShipped("dr", 0, -1));
        Assert.Throws<ArgumentException>(() => counters.RecordShipped("", 1, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => counters.RecordApplied(-1, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => counters.RecordMerkleDiff(TimeSpan.Zero, -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => counters.RecordMerkleSync(TimeSpan.Zero, -1));
        Assert.Empty(counters.Snapshot().ShippedBySecondary);
    }

    [Fact]
    public async Task ConcurrentRecordsAreAllCounted()
    {
        var counters = new ReplicationCounters();
        const int PerThread = 10_000;
        await Task.WhenAll(Enumerable.Range(0, 4).Select(t => Task.Run(() =>
        {
            for (var i = 0; i < PerThread; i++)
            {
                counters.RecordShipped(t % 2 == 0 ? "even" : "odd", 1, 2);
                counters.RecordApplied(1, 3);
                counters.RecordStreamStart(i % 2 == 0);
                counters.RecordReconnect();
                counters.RecordMerkleSync(TimeSpan.FromTicks(1), 1);
            }
        })));
        var snapshot = counters.Snapshot();
        Assert.Equal((2L * PerThread, 4L * PerThread), snapshot.ShippedBySecondary["even"]);
        Assert.Equal((2L * PerThread, 4L * PerThread), snapshot.ShippedBySecondary["odd"]);
        Assert.Equal(4L * PerThread, snapshot.AppliedEntries);
        Assert.Equal(12L * PerThread, snapshot.AppliedBytes);
        Assert.Equal(2L * PerThread, snapshot.StreamStartsGuardFound);
        Assert.Equal(2L * PerThread, snapshot.StreamStartsMissingGuard);
        Assert.Equal(4L * PerThread, snapshot.Reconnects);
        Assert.Equal(4L * PerThread, snapshot.MerkleSyncRuns);
        Assert.Equal(4L * PerThread, snapshot.MerkleSyncKeys);
    }
}
