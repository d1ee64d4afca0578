using System.Text.Json.Nodes;
using Coffer.Core.Replication;
using Coffer.Core.Replication.Wal;
using Coffer.Core.Storage;
using Coffer.Core.Telemetry;
using Coffer.Server.Hosting;

namespace Coffer.Server.Tests.Hosting;

public sealed class ReplicationMetricsTests
{
    private static readonly KeyClassifier Classifier = new(_ => false);
    private readonly MetricsRegistry _metrics = new(() => DateTimeOffset.UnixEpoch);

    [Fact]
    public async Task LogGaugesFollowTheReplicationLogAndItsBounds()
    {
        await using var log = await ReplicationLog.OpenAsync(new InMemPhysical(), Classifier,
            new ReplicationLogOptions { MaxEntries = 3, MaxBytes = 1_000_000 });
        for (var i = 0; i < 5; i++)
        {
            await log.CommitAsync([StorageOperation.Put($"logical/m/k{i}", [1, 2, 3])]);
        }

        ReplicationMetrics.Publish(log, new ReplicationCounters(), _metrics);

        var text = _metrics.RenderPrometheus();
        Assert.Contains("vault_replication_wal_last_wal 5\n", text);
        Assert.Contains("vault_replication_wal_last_dr_wal 5\n", text);
        Assert.Contains("vault_replication_fsm_last_remote_wal 0\n", text);
        Assert.Contains("vault_wal_gc_total 3\n", text);
        Assert.Contains("vault_logshipper_buffer_length 3\n", text);
        Assert.Contains($"vault_logshipper_buffer_size {log.Retained.Bytes}\n", text);
        Assert.True(log.Retained.Bytes > 0);
        Assert.Contains("vault_logshipper_buffer_max_length 3\n", text);
        Assert.Contains("vault_logshipper_buffer_max_size 1000000\n", text);

        var gauges = JsonNode.Parse(_metrics.RenderJson())!["Gauges"]!.AsArray();
        Assert.Equal(5, gauges.Single(g => g!["Name"]!.GetValue<string>() == "vault.replication.wal.last_wal")!["Value"]!.GetValue<double>());
    }

    [Fact]
    public void CountersAppearAtZeroBeforeAnyReplicationAndWithoutALog()
    {
        ReplicationMetrics.Publish(null, new ReplicationCounters(), _metrics);
        var text = _metrics.RenderPrometheus();
        Assert.DoesNotContain("vault_replication_wal_last_wal", text);
        Assert.Contains("# TYPE vault_replication_reconnects counter\nvault_replication_reconnects 0\n", text);
        Assert.Contains("vault_logshipper_streamWALs_guard_found 0\n", text);
        Assert.Contains("vault_replication_merkleSync_count 0\n", text);
        Assert.DoesNotContain("secondary_id", text);
    }

    [Fact]
    public void RepeatedScrapesPublishTotalsWithoutDoubleCounting()
    {
        var counters = new ReplicationCounters();
        counters.RecordShipped("dr-1", 4, 400);
        counters.RecordStreamStart(true);
        counters.RecordStreamStart(false);
        counters.RecordReconnect();
        counters.RecordApplied(6, 600);
        counters.RecordMerkleDiff(TimeSpan.FromMilliseconds(20), 3);
        counters.RecordMerkleSync(TimeSpan.FromMilliseconds(40), 9);

        ReplicationMetrics.Publish(null, counters, _metrics);
        ReplicationMetrics.Publish(null, counters, _metrics);
        counters.RecordShipped("dr-1", 1, 100);
        counters.RecordShipped("perf-2", 2, 20);
        ReplicationMetrics.Publish(null, counters, _metrics);

        var text = _metrics.RenderPrometheus();
        Assert.Contains("vault_replication_shipped_entries{secondary_id=\"dr-1\"} 5\n", text);
        Assert.Contains("vault_replication_shipped_bytes{secondary_id=\"dr-1\"} 500\n", text);
        Assert.Contains("vault_replication_shipped_entries{secondary_id=\"perf-2\"} 2\n", text);
        Assert.Contains("vault_replication_shipped_bytes{secondary_id=\"perf-2\"} 20\n", text);
        Assert.Contains("vault_logshipper_streamWALs_guard_found 1\n", text);
        Assert.Contains("vault_logshipper_streamWALs_missing_guard 1\n", text);
        Assert.Contains("vault_replication_reconnects 1\n", text);
        Assert.Contains("vault_replication_applied_entries 6\n", text);
        Assert.Contains("vault_replication_applied_bytes 600\n", text);
        Assert.Contains("vault_replication_merkleDiff_count 1\n", text);
        Assert.Contains("vault_replication_merkleDiff_differing_buckets 3\n", text);
        Assert.Contains("vault_replication_merkleSync_count 1\n", text);
        Assert.Contains("vault_replication_merkleSync_sum 0.04\n", text);
        Assert.Contains("vault_replication_merkleSync_keys 9\n", text);

        var json = JsonNode.Parse(_metrics.RenderJson())!;
        var shipped = json["Counters"]!.AsArray().Where(c => c!["Name"]!.GetValue<string>() == "vault.replication.shipped.entries").ToList();
        Assert.Equal(2, shipped.Count);
        Assert.Equal(5, shipped.Single(c => c!["Labels"]!["secondary_id"]!.GetValue<string>() == "dr-1")!["Sum"]!.GetValue<double>());
        var merkleSync = json["Samples"]!.AsArray().Single(s => s!["Name"]!.GetValue<string>() == "vault.replication.merkleSync")!;
        Assert.Equal(1, merkleSync["Count"]!.GetValue<long>());
        Assert.Equal(40, merkleSync["Sum"]!.GetValue<double>(), 6);
    }
}
