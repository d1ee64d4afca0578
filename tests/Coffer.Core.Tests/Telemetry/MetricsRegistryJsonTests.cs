using System.Text.Json;
using Coffer.Core.Telemetry;

namespace Coffer.Core.Tests.Telemetry;

public class MetricsRegistryJsonTests
{
    private static readonly DateTimeOffset Start = new(2024, 5, 1, 12, 0, 0, TimeSpan.Zero);

    private DateTimeOffset _now = Start;

    [Fact]
    public void Json_HasTheGoMetricsSummaryShape()
    {
        var registry = new MetricsRegistry(() => _now);
        registry.SetGauge("vault.core.unsealed", 1);

        using var document = JsonDocument.Parse(registry.RenderJson());

        var root = document.RootElement;
        Assert.Equal(["Timestamp", "Gauges", "Points", "Counters", "Samples"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal(JsonValueKind.Array, root.GetProperty("Points").ValueKind);
        Assert.Equal(0, root.GetProperty("Points").GetArrayLength());
        var gauge = Assert.Single(root.GetProperty("Gauges").EnumerateArray());
        Assert.Equal(["Name", "Value", "Labels"], gauge.EnumerateObject().Select(p => p.Name));
        Assert.Equal(JsonValueKind.Object, gauge.GetProperty("Labels").ValueKind);
    }

    [Fact]
    public void Json_TimestampIsRfc3339FromTheClock()
    {
        var registry = new MetricsRegistry(() => _now);
        _now = new DateTimeOffset(2024, 5, 1, 14, 30, 15, TimeSpan.FromHours(2)).AddMilliseconds(600);

        var summary = Parse(registry.RenderJson());

        Assert.Equal("2024-05-01T12:30:15Z", summary.Timestamp);
    }

    [Fact]
    public void Json_ReportsGaugesWithLabels()
    {
        var registry = new MetricsRegistry(() => _now);
        registry.SetGauge("vault.expire.num_leases", 7, ("namespace", "root"));

        var gauge = Assert.Single(Parse(registry.RenderJson()).Gauges);

        Assert.Equal("vault.expire.num_leases", gauge.Name);
        Assert.Equal(7, gauge.Value);
        Assert.Equal(new Dictionary<string, string> { ["namespace"] = "root" }, gauge.Labels);
    }

    [Fact]
    public void Json_CountersCountIncrementsAndSumTheirValues()
    {
        var registry = new MetricsRegistry(() => _now);
        registry.IncrementCounter("vault.route.create.secret-", 1, ("mount", "secret"));
        registry.IncrementCounter("vault.route.create.secret-", 2, ("mount", "secret"));
        registry.IncrementCounter("vault.route.create.secret-", 3, ("mount", "secret"));
        _now = Start.AddSeconds(10);

        var counter = Assert.Single(Parse(registry.RenderJson()).Counters);

        Assert.Equal("vault.route.create.secret-", counter.Name);
        Assert.Equal(3, counter.Count);
        Assert.Equal(6, counter.Sum);
        Assert.Equal(1, counter.Min);
        Assert.Equal(3, counter.Max);
        Assert.Equal(2, counter.Mean);
        Assert.Equal(1, counter.Stddev, 12);
        Assert.Equal(0.6, counter.Rate, 12);
        Assert.Equal(new Dictionary<string, string> { ["mount"] = "secret" }, counter.Labels);
    }

    [Fact]
    public void Json_SamplesReportDurationsInMilliseconds()
    {
        var registry = new MetricsRegistry(() => _now);
        registry.ObserveDuration("vault.barrier.get", TimeSpan.FromMilliseconds(10));
        registry.ObserveDuration("vault.barrier.get", TimeSpan.FromMilliseconds(20));
        registry.ObserveDuration("vault.barrier.get", TimeSpan.FromMilliseconds(30));
        _now = Start.AddSeconds(10);

        var summary = Parse(registry.RenderJson());

        Assert.Empty(summary.Counters);
        var sample = Assert.Single(summary.Samples);
        Assert.Equal("vault.barrier.get", sample.Name);
        Assert.Equal(3, sample.Count);
        Assert.Equal(60, sample.Sum, 9);
        Assert.Equal(10, sample.Min, 9);
        Assert.Equal(30, sample.Max, 9);
        Assert.Equal(20, sample.Mean, 9);
        Assert.Equal(10, sample.Stddev, 9);
        Assert.Equal(6, sample.Rate, 9);
        Assert.Empty(sample.Labels);
    }

    [Fact]
    public void Json_SingleIncrementHasZeroStddevAndNoRateBeforeTimePasses()
    {
        var registry = new MetricsRegistry(() => _now);
        registry.IncrementCounter("c", 4);

        var counter = Assert.Single(Parse(registry.RenderJson()).Counters);

        Assert.Equal(0, counter.Stddev);
        Assert.Equal(0, counter.Rate);
    }

    [Fact]
    public void Json_IsSortedByNameThenLabelsAndKeepsOriginalNames()
    {
        var registry = new MetricsRegistry(() => _now);
        registry.IncrementCounter("vault.b", 1, ("op", "write"));
        registry.IncrementCounter("vault.b", 1, ("op", "read"));
        registry.IncrementCounter("vault.a");

        var counters = Parse(registry.RenderJson()).Counters;

        Assert.Equal(
            ["vault.a", "vault.b/read", "vault.b/write"],
            counters.Select(c => c.Labels.Count == 0 ? c.Name : $"{c.Name}/{c.Labels["op"]}"));
    }

    [Fact]
    public void Json_EscapesLabelValues()
    {
        var registry = new MetricsRegistry(() => _now);
        registry.SetGauge("g", 1, ("path", "quote\" backslash\\ newline\n <tag>"));

        var gauge = Assert.Single(Parse(registry.RenderJson()).Gauges);

        Assert.Equal("quote\" backslash\\ newline\n <tag>", gauge.Labels["path"]);
    }

    private static GoMetricsSummary Parse(string json) =>
        JsonSerializer.Deserialize<GoMetricsSummary>(json, new JsonSerializerOptions { UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow })
        ?? throw new InvalidOperationException("JSON was null.");

    private sealed record GoMetricsSummary(
        string Timestamp,
        List<GaugeValue> Gauges,
        List<JsonElement> Points,
        List<AggregateValue> Counters,
        List<AggregateValue> Samples);

    private sealed record GaugeValue(string Name, double Value, Dictionary<string, string> Labels);

    private sealed record AggregateValue(
        string Name,
        long Count,
        double Rate,
        double Sum,
        double Min,
        double Max,
        double Mean,
        double Stddev,
        Dictionary<string, string> Labels);
}
