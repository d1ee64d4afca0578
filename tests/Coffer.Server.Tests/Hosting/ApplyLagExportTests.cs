using Coffer.Core.Replication.Streaming;
using Coffer.Core.Telemetry;
using Coffer.Server.Hosting;

namespace Coffer.Server.Tests.Hosting;

public sealed class ApplyLagExportTests
{
    private readonly MetricsRegistry _metrics = new(() => DateTimeOffset.UnixEpoch);
    private readonly ApplyLagExport _export = new();

    [Fact]
    public void BucketsAreCumulativeWithCountAndSum()
    {
        var lag = new ApplyLagHistogram();
        lag.Observe(0.5);
        lag.Observe(3);
        lag.Observe(45);
        lag.Observe(120_000);

        _export.Publish(lag, _metrics);

        var text = _metrics.RenderPrometheus();
        Assert.Contains("vault_replication_apply_lag_ms_bucket{le=\"1\"} 1\n", text);
        Assert.Contains("vault_replication_apply_lag_ms_bucket{le=\"2\"} 1\n", text);
        Assert.Contains("vault_replication_apply_lag_ms_bucket{le=\"3\"} 2\n", text);
        Assert.Contains("vault_replication_apply_lag_ms_bucket{le=\"40\"} 2\n", text);
        Assert.Contains("vault_replication_apply_lag_ms_bucket{le=\"50\"} 3\n", text);
        Assert.Contains("vault_replication_apply_lag_ms_bucket{le=\"60000\"} 3\n", text);
        Assert.Contains("vault_replication_apply_lag_ms_bucket{le=\"+Inf\"} 4\n", text);
        Assert.Contains("vault_replication_apply_lag_ms_count 4\n", text);
        Assert.Contains("vault_replication_apply_lag_ms_sum 120048.5\n", text);
    }

    [Fact]
    public void WithoutAReplicatorTheSeriesExistAtZero()
    {
        _export.Publish(null, _metrics);

        var text = _metrics.RenderPrometheus();
        Assert.Contains("vault_replication_apply_lag_ms_bucket{le=\"+Inf\"} 0\n", text);
        Assert.Contains("vault_replication_apply_lag_ms_count 0\n", text);
    }

    [Fact]
    public void ANewReplicatorAddsToTheCountsOfTheOneItReplaced()
    {
        var first = new ApplyLagHistogram();
        first.Observe(2);
        first.Observe(2);
        _export.Publish(first, _metrics);
        _export.Publish(first, _metrics);

        var second = new ApplyLagHistogram();
        second.Observe(7);
        _export.Publish(second, _metrics);
        _export.Publish(null, _metrics);

        var text = _metrics.RenderPrometheus();
        Assert.Contains("vault_replication_apply_lag_ms_bucket{le=\"2\"} 2\n", text);
        Assert.Contains("vault_replication_apply_lag_ms_bucket{le=\"6\"} 2\n", text);
        Assert.Contains("vault_replication_apply_lag_ms_bucket{le=\"8\"} 3\n", text);
        Assert.Contains("vault_replication_apply_lag_ms_count 3\n", text);
        Assert.Contains("vault_replication_apply_lag_ms_sum 11\n", text);
    }
}
