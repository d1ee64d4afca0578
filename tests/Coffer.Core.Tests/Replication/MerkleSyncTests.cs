using Coffer.Core.Replication;
using Coffer.Core.Replication.Merkle;
using Coffer.Core.Replication.Wal;
using Coffer.Core.Storage;
using static Coffer.Core.Tests.Replication.ReplicationTestStores;

namespace Coffer.Core.Tests.Replication;

public sealed class MerkleSyncTests : IAsyncLifetime
{
    private readonly List<IAsyncDisposable> _opened = [];

    private async Task<ReplicationLog> OpenAsync()
    {
        var log = await ReplicationLog.OpenAsync(new InMemPhysical(), Classifier);
        _opened.Add(log);
        return log;
    }

    [Fact]
    public async Task DivergedStoresConvergeMovingOnlyTheDifferingKeys()
    {
        var primary = await OpenAsync();
        var secondary = await OpenAsync();
        var common = new List<StorageOperation>();
        for (var i = 0; i < 400; i++)
        {
            common.Add(StorageOperation.Put($"logical/m{i % 4}/k{i:D3}", [(byte)i]));
            common.Add(StorageOperation.Put($"core/policy/p{i:D3}", [(byte)i]));
        }
        await primary.CommitAsync(common);
        await secondary.CommitAsync(common);
        // Each side keeps its own cluster-local state; it must neither move nor count as a difference.
        await primary.PutAsync("core/local/cluster", [1]);
        await secondary.PutAsync("core/local/cluster", [2]);

        // Primary moves on: new keys, new values, deletes, a new mount.
        await primary.CommitAsync([
            StorageOperation.Put("logical/m1/new", [1]),
            StorageOperation.Put("logical/m9/fresh-mount", [9]),
            StorageOperation.Put("logical/m2/k002", [200]),
            StorageOperation.Delete("core/policy/p010"),
        ]);
        // Secondary diverged on its own: an extra key, a different value, a key the primary still has deleted here.
        await secondary.CommitAsync([
            StorageOperation.Put("logical/m3/stray", [3]),
            StorageOperation.Put("core/policy/p020", [0]),
            StorageOperation.Delete("logical/m0/k100"),
        ]);
        Assert.NotEqual(primary.MerkleRootHex, secondary.MerkleRootHex);

        var result = await MerkleCatchUp.RunAsync(new LocalMerklePeer(primary, Classifier), secondary, Classifier);

        Assert.Equal(primary.MerkleRootHex, secondary.MerkleRootHex);
        Assert.Equal(["core/policy/p020", "logical/m0/k100", "logical/m1/new", "logical/m2/k002", "logical/m9/fresh-mount"],
            result.FetchedKeys.Order(StringComparer.Ordinal));
        Assert.Equal(["core/policy/p010", "logical/m3/stray"], result.DeletedKeys.Order(StringComparer.Ordinal));
        Assert.Equal([2], await secondary.GetAsync("core/local/cluster"));
        Assert.Equal(primary.LastIndex, secondary.LastRemoteIndex);
        Assert.Equal(result.ResumeAfterIndex, secondary.LastRemoteIndex);

        // Already in sync: nothing differs, nothing moves.
        var again = await MerkleCatchUp.RunAsync(new LocalMerklePeer(primary, Classifier), secondary, Classifier);
        Assert.Equal(0, again.DifferingBuckets);
        Assert.Empty(again.FetchedKeys);
        Assert.Empty(again.DeletedKeys);
    }

    [Fact]
    public async Task RandomDivergenceConverges()
    {
        var primary = await OpenAsync();
        var secondary = await OpenAsync();
        var random = new Random(99);
        foreach (var log in new[] { primary, secondary })
        {
            for (var i = 0; i < 300; i++)
            {
                var key = $"{(random.Next(2) == 0 ? "logical" : "auth")}/m{random.Next(5)}/k{random.Next(80)}";
                await (random.Next(4) == 0 ? log.DeleteAsync(key) : log.PutAsync(key, [(byte)random.Next(4)]));
            }
        }
        await MerkleCatchUp.RunAsync(new LocalMerklePeer(primary, Classifier), secondary, Classifier);
        Assert.Equal(primary.MerkleRootHex, secondary.MerkleRootHex);
        Assert.Equal(
            (await ContentAsync(primary)).OrderBy(e => e.Key).Select(e => (e.Key, Convert.ToHexString(e.Value))),
            (await ContentAsync(secondary)).OrderBy(e => e.Key).Select(e => (e.Key, Convert.ToHexString(e.Value))));
    }

    [Fact]
    public async Task TreeFilterComparesOnlyTheChosenTrees()
    {
        var primary = await OpenAsync();
        var secondary = await OpenAsync();
        await primary.PutAsync("logical/shipped/a", [1]);
        await primary.PutAsync("logical/filtered/b", [1]);

        var differing = MerkleDiff.DifferingBuckets(secondary.MerkleSnapshot(), primary.MerkleSnapshot(), tree => tree != "filtered");
        Assert.Equal([new MerkleBucketRef("shipped", MerkleHashing.BucketOf("logical/shipped/a"))], differing);

        await MerkleCatchUp.RunAsync(new LocalMerklePeer(primary, Classifier), secondary, Classifier, tree => tree != "filtered");
        Assert.Equal([1], await secondary.GetAsync("logical/shipped/a"));
        Assert.Null(await secondary.GetAsync("logical/filtered/b"));
    }

    [Fact]
    public async Task PerformanceCatchUpLeavesDrOnlyTreesAloneAndDrCatchUpTakesThem()
    {
        var primary = await OpenAsync();
        await primary.CommitAsync([
            StorageOperation.Put("core/mounts", [1]),
            StorageOperation.Put("logical/shared/a", [1]),
            StorageOperation.Put("logical/localmount/b", [1]),
            StorageOperation.Put("sys/token/id/t", [1]),
            StorageOperation.Put("core/dr/local-mounts", [1]),
            StorageOperation.Put("auth/shared/secret_id_local/s", [1]),
            StorageOperation.Put("auth/shared/role/r", [1]),
        ]);
        var performance = await OpenAsync();
        await performance.PutAsync("sys/token/id/own", [2]);

        var trees = MerkleDiff.PerformanceTrees(uuid => uuid switch { "localmount" => true, "shared" => false, _ => null });
        await MerkleCatchUp.RunAsync(new LocalMerklePeer(primary, Classifier), performance, Classifier, trees);

        var content = await ContentAsync(performance);
        Assert.Equal(["auth/shared/role/r", "core/mounts", "logical/shared/a", "sys/token/id/own"], content.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(primary.MerkleTreeRoot("core"), performance.MerkleTreeRoot("core"));
        Assert.Equal(primary.MerkleTreeRoot("shared"), performance.MerkleTreeRoot("shared"));

        var dr = await OpenAsync();
        await MerkleCatchUp.RunAsync(new LocalMerklePeer(primary, Classifier), dr, Classifier);
        Assert.Equal(primary.MerkleRootHex, dr.MerkleRootHex);
        Assert.Equal([1], await dr.GetAsync("auth/shared/secret_id_local/s"));
    }

    [Fact]
    public async Task LeavesListsOnlyTheRequestedBucketsOfOneTree()
    {
        var log = await OpenAsync();
        for (var i = 0; i < 200; i++)
        {
            await log.PutAsync($"logical/m1/k{i}", [(byte)i]);
            await log.PutAsync($"logical/m2/k{i}", [(byte)i]);
        }
        await log.PutAsync("core/local/secret", [1]);
        var bucket = MerkleHashing.BucketOf("logical/m1/k5");
        var leaves = await MerkleDiff.LeavesAsync(log, Classifier, "m1", new HashSet<int> { bucket });
        Assert.Contains(leaves, l => l.Key == "logical/m1/k5" && l.LeafHash.AsSpan().SequenceEqual(MerkleHashing.LeafHash("logical/m1/k5", [5])));
        Assert.All(leaves, l => Assert.StartsWith("logical/m1/", l.Key));
        Assert.All(leaves, l => Assert.Equal(bucket, l.Bucket));
        var core = await MerkleDiff.LeavesAsync(log, Classifier, "core", Enumerable.Range(0, 256).ToHashSet());
        Assert.Empty(core);
    }

    [Fact]
    public async Task LeavesOfEachTreeAreExactlyTheIndexedKeysAFullScanFindsInIt()
    {
        var log = await OpenAsync();
        string[] layout =
        [
            "core/mounts", "core/policy/p", "core/dr/x", "core/local/own", "logical/leaf", "auth/leaf", "sys/token/id/t", "sys/expire/id/l",
            "logical/m1/a", "logical/m1/b/c", "logical/m2/a", "auth/a1/role/r", "auth/a1/secret_id_local/s", "auth/a1/accessor_local/x",
            "auth/a1/direct", "auth/a2/config", "repl/own", "zz/other",
        ];
        var random = new Random(7);
        var operations = layout.SelectMany(path => Enumerable.Range(0, random.Next(1, 40))
            .Select(i => StorageOperation.Put(path.EndsWith('/') ? $"{path}{i}" : $"{path}/{i}", [(byte)i]))).ToList();
        await log.CommitAsync(operations.Where(op => !op.Key.StartsWith("repl/", StringComparison.Ordinal)).ToList());
        var allBuckets = Enumerable.Range(0, MerkleHashing.BucketCount).ToHashSet();
        var content = await ContentAsync(log);
        foreach (var tree in content.Keys.Select(MerkleHashing.TreeIdOf).Distinct())
        {
            var expected = content.Keys.Where(k => MerkleHashing.TreeIdOf(k) == tree && Classifier.Classify(k) != KeyClass.Local)
                .Order(StringComparer.Ordinal);
            var leaves = await MerkleDiff.LeavesAsync(log, Classifier, tree, allBuckets);
            Assert.Equal(expected, leaves.Select(l => l.Key).Order(StringComparer.Ordinal));
        }
    }

    [Fact]
    public async Task FetchAnswersEveryKeyAsPointReadsWouldWhateverTheirSpacingAndOrder()
    {
        var log = await OpenAsync();
        await log.CommitAsync(Enumerable.Range(0, 600).Select(i => StorageOperation.Put($"logical/m1/k{i:D4}", [(byte)i])).ToList());
        await log.PutAsync("core/local/own", [1]);
        var peer = new LocalMerklePeer(log, Classifier);
        var random = new Random(3);
        List<List<string>> requests =
        [
            Enumerable.Range(100, 50).Select(i => $"logical/m1/k{i:D4}").ToList(), // dense
            Enumerable.Range(0, 20).Select(i => $"logical/m1/k{i * 29:D4}").ToList(), // sparse: the bounded range stops early
            ["logical/m1/k0001", "logical/m1/gone", "logical/m1/k0002", "core/local/own", "logical/m1/k0599"], // unsorted, absent, Local
            Enumerable.Range(0, 100).Select(_ => $"logical/m1/k{random.Next(700):D4}").Distinct().Order(StringComparer.Ordinal).ToList(),
        ];
        foreach (var keys in requests)
        {
            var fetched = await peer.FetchAsync(keys);
            Assert.Equal(keys, fetched.Select(kv => kv.Key));
            foreach (var (key, value) in fetched)
            {
                var expected = Classifier.Classify(key) == KeyClass.Local ? null : await log.GetAsync(key);
                Assert.Equal(expected, value);
            }
        }
    }

    [Fact]
    public void LeafPagesRoundTripAndRejectDamage()
    {
        var leaves = new[]
        {
            new MerkleLeaf("logical/m1/ä", 255, MerkleHashing.LeafHash("logical/m1/ä", [1])),
            new MerkleLeaf("core/mounts", 0, MerkleHashing.LeafHash("core/mounts", [])),
        };
        var page = Core.Replication.Streaming.MerkleLeafPage.Encode(leaves);
        var decoded = Core.Replication.Streaming.MerkleLeafPage.Decode(page);
        Assert.Equal(leaves.Select(l => (l.Key, l.Bucket, Convert.ToHexString(l.LeafHash))),
            decoded.Select(l => (l.Key, l.Bucket, Convert.ToHexString(l.LeafHash))));
        Assert.Throws<InvalidDataException>(() => Core.Replication.Streaming.MerkleLeafPage.Decode(page.AsSpan(0, page.Length - 1)));
        var notALeaf = Core.Replication.Streaming.EntryPageCodec.Encode([KeyValuePair.Create("k", (byte[]?)[1, 2])]);
        Assert.Throws<InvalidDataException>(() => Core.Replication.Streaming.MerkleLeafPage.Decode(notALeaf));
    }

    [Fact]
    public async Task PeerNeverHandsOutLocalEntries()
    {
        var log = await OpenAsync();
        await log.PutAsync("core/local/tls-key", [1]);
        var fetched = await new LocalMerklePeer(log, Classifier).FetchAsync(["core/local/tls-key", ReplicationLog.LastRemoteWalKey]);
        Assert.All(fetched, kv => Assert.Null(kv.Value));
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
