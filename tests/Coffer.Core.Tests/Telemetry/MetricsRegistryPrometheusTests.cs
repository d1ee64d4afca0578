using Coffer.Core.Telemetry;

namespace Coffer.Core.Tests.Telemetry;

public class MetricsRegistryPrometheusTests
{
    private readonly MetricsRegistry _registry = new(() => new DateTimeOffset(2024, 5, 1, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Counter_RendersTheTotalOfAllIncrements()
    {
        _registry.IncrementCounter("vault.core.unseal");
        _registry.IncrementCounter("vault.core.unseal", 2.5);

        Assert.Equal("# TYPE vault_core_unseal counter\nvault_core_unseal 3.5\n", _registry.RenderPrometheus());
    }

    [Fact]
    public void Gauge_RendersTheLastValueSet()
    {
        _registry.SetGauge("vault.core.unsealed", 0);
        _registry.SetGauge("vault.core.unsealed", 1);
        _registry.SetGauge("vault.expire.num_leases", 42, ("namespace", "root"));

        Assert.Equal(
            """
            # TYPE vault_core_unsealed gauge
            vault_core_unsealed 1
            # TYPE vault_expire_num_leases gauge
            vault_expire_num_leases{namespace="root"} 42

            """.ReplaceLineEndings("\n"),
            _registry.RenderPrometheus());
    }

    [Fact]
    public void Duration_RendersCumulativeBucketsInSecondsWithSumAndCount()
    {
        _registry.ObserveDuration("vault.http.request", TimeSpan.FromMilliseconds(0.3));
        _registry.ObserveDuration("vault.http.request", TimeSpan.FromMilliseconds(0.5)); // on a bound: le is inclusive
        _registry.ObserveDuration("vault.http.request", TimeSpan.FromMilliseconds(2));
        _registry.ObserveDuration("vault.http.request", TimeSpan.FromSeconds(3));
        _registry.ObserveDuration("vault.http.request", TimeSpan.FromSeconds(20)); // beyond the last bound

        Assert.Equal(
            """
            # TYPE vault_http_request histogram
            vault_http_request_bucket{le="0.0005"} 2
            vault_http_request_bucket{le="0.001"} 2
            vault_http_request_bucket{le="0.0025"} 3
            vault_http_request_bucket{le="0.005"} 3
            vault_http_request_bucket{le="0.01"} 3
            vault_http_request_bucket{le="0.025"} 3
            vault_http_request_bucket{le="0.05"} 3
            vault_http_request_bucket{le="0.1"} 3
            vault_http_request_bucket{le="0.25"} 3
            vault_http_request_bucket{le="0.5"} 3
            vault_http_request_bucket{le="1"} 3
            vault_http_request_bucket{le="2.5"} 3
            vault_http_request_bucket{le="5"} 4
            vault_http_request_bucket{le="10"} 4
            vault_http_request_bucket{le="+Inf"} 5
            vault_http_request_sum 23.0028
            vault_http_request_count 5

            """.ReplaceLineEndings("\n"),
            _registry.RenderPrometheus());
    }

    [Fact]
    public void Duration_WithLabels_PutsLeAfterTheSeriesLabels()
    {
        _registry.ObserveDuration("vault.route.read.secret-", TimeSpan.FromMilliseconds(7), ("mount", "secret"));

        string output = _registry.RenderPrometheus();

        Assert.Contains("vault_route_read_secret__bucket{mount=\"secret\",le=\"0.01\"} 1\n", output);
        Assert.Contains("vault_route_read_secret__bucket{mount=\"secret\",le=\"+Inf\"} 1\n", output);
        Assert.Contains("vault_route_read_secret__sum{mount=\"secret\"} 0.007\n", output);
        Assert.Contains("vault_route_read_secret__count{mount=\"secret\"} 1\n", output);
    }

    [Fact]
    public void Duration_BucketsAreCumulativeAndInfEqualsCount()
    {
        var random = new Random(1234);
        for (int i = 0; i < 1000; i++)
        {
            _registry.ObserveDuration("vault.barrier.put", TimeSpan.FromTicks(random.NextInt64(0, 15 * TimeSpan.TicksPerSecond)));
        }

        var lines = _registry.RenderPrometheus().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        long[] buckets = lines.Where(l => l.StartsWith("vault_barrier_put_bucket", StringComparison.Ordinal))
            .Select(l => long.Parse(l[(l.LastIndexOf(' ') + 1)..]))
            .ToArray();
        long count = long.Parse(lines.Single(l => l.StartsWith("vault_barrier_put_count ", StringComparison.Ordinal)).Split(' ')[1]);

        Assert.Equal(15, buckets.Length);
        Assert.Equal(buckets.Order(), buckets);
        Assert.Equal(1000, count);
        Assert.Equal(count, buckets[^1]);
    }

    [Fact]
    public void Duration_NegativeIsRecordedAsZero()
    {
        _registry.ObserveDuration("d", TimeSpan.FromSeconds(-1));

        string output = _registry.RenderPrometheus();

        Assert.Contains("d_bucket{le=\"0.0005\"} 1\n", output);
        Assert.Contains("d_sum 0\n", output);
    }

    [Fact]
    public void LabelValues_AreEscaped()
    {
        _registry.SetGauge("g", 1, ("path", "a\\b\"c\nd"));

        Assert.Contains("""g{path="a\\b\"c\nd"} 1""", _registry.RenderPrometheus());
    }

    [Theory]
    [InlineData("vault.core.unsealed", "vault_core_unsealed")]
    [InlineData("vault.route.read.secret-", "vault_route_read_secret_")]
    [InlineData("already_fine:total", "already_fine:total")]
    [InlineData("1st.metric", "_1st_metric")]
    [InlineData("spaces and/slashes é", "spaces_and_slashes__")]
    public void MetricNames_AreSanitised(string name, string expected)
    {
        _registry.IncrementCounter(name);

        Assert.Equal($"# TYPE {expected} counter\n{expected} 1\n", _registry.RenderPrometheus());
    }

    [Fact]
    public void NamesThatSanitiseAlike_ShareOneMetric()
    {
        _registry.IncrementCounter("vault.token.create");
        _registry.IncrementCounter("vault_token_create");

        Assert.Equal("# TYPE vault_token_create counter\nvault_token_create 2\n", _registry.RenderPrometheus());
    }

    [Fact]
    public void Output_IsSortedByNameThenLabels()
    {
        _registry.IncrementCounter("zeta");
        _registry.IncrementCounter("alpha", 1, ("op", "write"));
        _registry.IncrementCounter("alpha", 1, ("mount", "kv"));
        _registry.IncrementCounter("alpha", 1, ("op", "read"));
        _registry.IncrementCounter("alpha");
        _registry.SetGauge("mid", 3);

        Assert.Equal(
            """
            # TYPE alpha counter
            alpha 1
            alpha{mount="kv"} 1
            alpha{op="read"} 1
            alpha{op="write"} 1
            # TYPE mid gauge
            mid 3
            # TYPE zeta counter
            zeta 1

            """.ReplaceLineEndings("\n"),
            _registry.RenderPrometheus());
    }

    [Fact]
    public void Labels_GivenInAnyOrder_AreTheSameSeriesAndRenderSortedByKey()
    {
        _registry.IncrementCounter("c", 1, ("op", "read"), ("mount", "kv"));
        _registry.IncrementCounter("c", 1, ("mount", "kv"), ("op", "read"));

        Assert.Equal("# TYPE c counter\nc{mount=\"kv\",op=\"read\"} 2\n", _registry.RenderPrometheus());
    }

    [Fact]
    public void EmptyRegistry_RendersNothing()
    {
        Assert.Equal("", _registry.RenderPrometheus());
    }
}
