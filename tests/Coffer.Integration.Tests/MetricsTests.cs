using System.Net;
using Coffer.Integration.Tests.Infrastructure;

namespace Coffer.Integration.Tests;

public sealed class MetricsTests
{
    [Fact]
    public async Task PrometheusAndJsonFormatsReportRequestsAndStorage()
    {
        await using var server = await ServerFixture.StartAsync("telemetry {\n  prometheus_retention_time = \"30s\"\n}");
        await server.ReadyAsync();
        using var client = server.RootClient();
        (await client.PostAsync("/v1/secret/m", TestHttp.Json("""{"a":"b"}"""))).EnsureSuccessStatusCode();
        (await client.GetAsync("/v1/secret/m")).EnsureSuccessStatusCode();

        var prometheus = await client.GetAsync("/v1/sys/metrics?format=prometheus");
        Assert.Equal(HttpStatusCode.OK, prometheus.StatusCode);
        Assert.StartsWith("text/plain", prometheus.Content.Headers.ContentType!.ToString());
        var text = await prometheus.Content.ReadAsStringAsync();
        Assert.Contains("vault_core_unsealed 1", text);
        Assert.Contains("vault_core_handle_request_bucket{operation=\"read\"", text);
        Assert.Contains("vault_sqlite_commit_count", text);
        Assert.Contains("vault_http_requests{code=\"2xx\",operation=\"update\"}", text);

        var json = await TestHttp.ReadJsonAsync(await client.GetAsync("/v1/sys/metrics"));
        Assert.NotNull(json["Gauges"]);
        Assert.NotNull(json["Samples"]);

        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/v1/sys/metrics?format=xml")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await TestHttp.Client(server.Address).GetAsync("/v1/sys/metrics")).StatusCode);
    }

    [Fact]
    public async Task PrometheusNeedsRetentionConfigured()
    {
        await using var server = await ServerFixture.StartAsync();
        await server.ReadyAsync();
        using var client = server.RootClient();
        var response = await client.GetAsync("/v1/sys/metrics?format=prometheus");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("prometheus is not enabled", await response.Content.ReadAsStringAsync());
    }
}
