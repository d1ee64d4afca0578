using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Coffer.Integration.Tests.Infrastructure;

namespace Coffer.Integration.Tests.Replication;

/// <summary>
/// A DR secondary whose listener serves metrics without a token answers <c>sys/metrics</c> (as Vault's DR
/// secondaries do) with the apply-lag histogram of the records it streamed; without that setting it refuses.
/// </summary>
public sealed class ApplyLagMetricsTests
{
    private const string Prometheus = "telemetry {\n  prometheus_retention_time = \"30s\"\n}\n";
    private const string OpenMetrics = "telemetry {\n  unauthenticated_metrics_access = true\n}";

    private static double Sample(string exposition, string series)
    {
        var match = Regex.Match(exposition, $"^{Regex.Escape(series)} (\\S+)$", RegexOptions.Multiline);
        Assert.True(match.Success, $"{series} not in the exposition:\n{exposition}");
        return double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task Secondary_with_unauthenticated_metrics_publishes_the_lag_of_streamed_records()
    {
        await using var primary = await DrCluster.StartAsync(Prometheus, listenerConfig: OpenMetrics);
        await using var secondary = await DrCluster.StartAsync(Prometheus, mountKv: false, listenerConfig: OpenMetrics);
        var activation = await primary.EnablePrimaryAndMintTokenAsync();
        await secondary.EnableSecondaryAsync(activation, primary);
        for (var i = 0; i < 5; i++)
        {
            await primary.CliAsync(primary.RootToken, "kv", "put", $"secret/app{i}", $"value={i}");
        }
        await secondary.WaitInSyncWithAsync(primary);

        using var anonymous = TestHttp.Client(secondary.Address);
        using var response = await anonymous.GetAsync("/v1/sys/metrics?format=prometheus");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        var count = Sample(text, "vault_replication_apply_lag_ms_count");
        Assert.True(count >= 5, $"only {count} streamed records observed:\n{text}");
        Assert.Equal(count, Sample(text, "vault_replication_apply_lag_ms_bucket{le=\"+Inf\"}"));
        Assert.True(Sample(text, "vault_replication_apply_lag_ms_bucket{le=\"60000\"}") <= count);

        // Client data stays refused on the same listener.
        using var read = await anonymous.GetAsync("/v1/secret/data/app0");
        Assert.Equal(HttpStatusCode.BadRequest, read.StatusCode);
    }
}
