using System.Text.Json.Nodes;
using Coffer.Core.Telemetry;

namespace Coffer.Core.Tests.Telemetry;

public sealed class MetricsRegistryPublishTests
{
    private readonly MetricsRegistry _registry = new(() => new DateTimeOffset(2024, 5, 1, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public void RaiseCounterTo_PublishingTheSameTotalTwiceCountsItOnce()
    {
        _registry.RaiseCounterTo("vault.replication.reconnects", 3);
        _registry.RaiseCounterTo("vault.replication.reconnects", 3);
        Assert.Contains("vault_replication_reconnects 3\n", _registry.RenderPrometheus());

        _registry.RaiseCounterTo("vault.replication.reconnects", 5);
        Assert.Contains("vault_replication_reconnects 5\n", _registry.RenderPrometheus());
    }

    [Fact]
    public void RaiseCounterTo_NeverLowersTheTotal()
    {
        _registry.RaiseCounterTo("vault.replication.applied.entries", 10);
        _registry.RaiseCounterTo("vault.replication.applied.entries", 4);
        Assert.Contains("vault_replication_applied_entries 10\n", _registry.RenderPrometheus());
    }

    [Fact]
    public void RaiseCounterTo_ZeroShowsTheCounterAtZero()
    {
        _registry.RaiseCounterTo("vault.replication.reconnects", 0);
        Assert.Equal("# TYPE vault_replication_reconnects counter\nvault_replication_reconnects 0\n", _registry.RenderPrometheus());
    }

    [Fact]
    public void RaiseCounterTo_KeepsLabelledSeriesApart()
    {
        _registry.RaiseCounterTo("vault.replication.shipped.entries", 7, ("secondary_id", "a"));
        _registry.RaiseCounterTo("vault.replication.shipped.entries", 2, ("secondary_id", "b"));
        var text = _registry.RenderPrometheus();
        Assert.Contains("vault_replication_shipped_entries{secondary_id=\"a\"} 7\n", text);
        Assert.Contains("vault_replication_shipped_entries{secondary_id=\"b\"} 2\n", text);
    }

    [Fact]
    public void RaiseCounterTo_JsonCountsEachRiseAsOneIncrement()
    {
        _registry.RaiseCounterTo("vault.replication.applied.bytes", 100);
        _registry.RaiseCounterTo("vault.replication.applied.bytes", 100);
        _registry.RaiseCounterTo("vault.replication.applied.bytes", 130);
        var counter = JsonNode.Parse(_registry.RenderJson())!["Counters"]!.AsArray().Single()!;
        Assert.Equal("vault.replication.applied.bytes", counter["Name"]!.GetValue<string>());
        Assert.Equal(2, counter["Count"]!.GetValue<long>());
        Assert.Equal(130, counter["Sum"]!.GetValue<double>());
        Assert.Equal(30, counter["Min"]!.GetValue<double>());
        Assert.Equal(100, counter["Max"]!.GetValue<double>());
    }

    [Fact]
    public async Task RaiseCounterTo_ConcurrentPublishersOfOneTotalRaiseItOnce()
    {
        var start = new System.Threading.Barrier(4);
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            start.SignalAndWait();
            for (var total = 1; total <= 1000; total++)
            {
                _registry.RaiseCounterTo("vault.replication.reconnects", total);
            }
        })));
        var counter = JsonNode.Parse(_registry.RenderJson())!["Counters"]!.AsArray().Single()!;
        Assert.Equal(1000, counter["Sum"]!.GetValue<double>());
        Assert.True(counter["Count"]!.GetValue<long>() <= 1000);
    }

    [Fact]
    public void RaiseCounterTo_RefusesBadTotalsAndKindClashes()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => _registry.RaiseCounterTo("x", -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => _registry.RaiseCounterTo("x", double.NaN));
        _registry.SetGauge("g", 1);
        Assert.Throws<InvalidOperationException>(() => _registry.RaiseCounterTo("g", 1));
    }

    [Fact]
    public void PublishDurations_RendersTheHistogramLiveWithoutCopying()
    {
        var histogram = new DurationHistogram();
        histogram.Observe(TimeSpan.FromMilliseconds(2));
        _registry.PublishDurations("vault.replication.merkleSync", histogram);
        _registry.PublishDurations("vault.replication.merkleSync", histogram);
        var text = _registry.RenderPrometheus();
        Assert.Contains("# TYPE vault_replication_merkleSync histogram\n", text);
        Assert.Contains("vault_replication_merkleSync_count 1\n", text);
        Assert.Contains("vault_replication_merkleSync_bucket{le=\"0.0025\"} 1\n", text);

        histogram.Observe(TimeSpan.FromSeconds(1));
        text = _registry.RenderPrometheus();
        Assert.Contains("vault_replication_merkleSync_count 2\n", text);
        Assert.Contains("vault_replication_merkleSync_sum 1.002\n", text);

        var sample = JsonNode.Parse(_registry.RenderJson())!["Samples"]!.AsArray().Single()!;
        Assert.Equal(2, sample["Count"]!.GetValue<long>());
        Assert.Equal(1002, sample["Sum"]!.GetValue<double>(), 6);
        Assert.Equal((2L, TimeSpan.FromMilliseconds(1002)), histogram.Totals);
    }

    [Fact]
    public void PublishDurations_AnotherHistogramReplacesTheFirst()
    {
        var first = new DurationHistogram();
        first.Observe(TimeSpan.FromMilliseconds(1));
        var second = new DurationHistogram();
        _registry.PublishDurations("d", first, ("k", "v"));
        _registry.PublishDurations("d", second, ("k", "v"));
        Assert.Contains("d_count{k=\"v\"} 0\n", _registry.RenderPrometheus());
        _registry.IncrementCounter("c");
        Assert.Throws<InvalidOperationException>(() => _registry.PublishDurations("c", first));
        Assert.Throws<ArgumentException>(() => _registry.PublishDurations("d", first, ("le", "1")));
    }
}
