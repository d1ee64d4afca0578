using System.Globalization;
using System.Text.RegularExpressions;
using Coffer.Integration.Tests.Infrastructure;

namespace Coffer.Integration.Tests.Replication;

/// <summary>
/// Real servers configured with a <c>replication</c> stanza: the stanza bounds the WAL the DR primary keeps, and
/// the replication telemetry scraped from <c>sys/metrics</c> agrees with <c>sys/replication/dr/status</c>.
/// </summary>
public sealed class ReplicationTelemetryTests
{
    private const string Telemetry = "telemetry {\n  prometheus_retention_time = \"30s\"\n}\n";

    private static async Task EnableDrPrimaryAsync(ServerFixture server)
    {
        using var root = server.RootClient();
        using var enable = await root.PostAsync("/v1/sys/replication/dr/primary/enable", TestHttp.Json("{}"));
        Assert.True(enable.IsSuccessStatusCode, await enable.Content.ReadAsStringAsync());
    }

    private static async Task WriteSecretsAsync(ServerFixture server, int count)
    {
        using var root = server.RootClient();
        for (var i = 0; i < count; i++)
        {
            using var write = await root.PostAsync($"/v1/secret/item{i}", TestHttp.Json($$"""{"value":"v{{i}}"}"""));
            write.EnsureSuccessStatusCode();
        }
    }

    private static async Task<string> ScrapeAsync(ServerFixture server)
    {
        using var root = server.RootClient();
        using var response = await root.GetAsync("/v1/sys/metrics?format=prometheus");
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>The value of an unlabelled sample, e.g. <c>vault_wal_gc_total 5</c>.</summary>
    private static double Sample(string exposition, string name)
    {
        var match = Regex.Match(exposition, $"^{Regex.Escape(name)} (\\S+)$", RegexOptions.Multiline);
        Assert.True(match.Success, $"{name} not in the exposition:\n{exposition}");
        return double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    private static async Task<ulong> DrStatusLastWalAsync(ServerFixture server)
    {
        using var root = server.RootClient();
        using var response = await root.GetAsync("/v1/sys/replication/dr/status");
        response.EnsureSuccessStatusCode();
        var data = (await TestHttp.ReadJsonAsync(response))["data"]!;
        Assert.Equal("primary", data["mode"]!.GetValue<string>());
        return data["last_wal"]!.GetValue<ulong>();
    }

    [Fact]
    public async Task Logshipper_buffer_length_from_the_config_bounds_the_retained_wal()
    {
        await using var server = await ServerFixture.StartAsync(Telemetry + """
            replication {
              logshipper_buffer_length      = 5
              logshipper_buffer_size        = "1MiB"
              best_effort_wal_wait_duration = "500ms"
            }
            """);
        await server.ReadyAsync();
        await EnableDrPrimaryAsync(server);
        await WriteSecretsAsync(server, 20);

        var exposition = await ScrapeAsync(server);
        Assert.True(Sample(exposition, "vault_replication_wal_last_wal") >= 20);
        var retained = Sample(exposition, "vault_wal_gc_total");
        Assert.InRange(retained, 1, 5);
        Assert.Equal(retained, Sample(exposition, "vault_logshipper_buffer_length"));
        Assert.Equal(5, Sample(exposition, "vault_logshipper_buffer_max_length"));
        Assert.Equal(1 << 20, Sample(exposition, "vault_logshipper_buffer_max_size"));
        Assert.InRange(Sample(exposition, "vault_logshipper_buffer_size"), 1, 1 << 20);

        // The bound holds across a restart: the retained window is rebuilt from storage under the same config.
        await server.RestartAsync();
        await server.UnsealAsync();
        await WriteSecretsAsync(server, 3);
        Assert.InRange(Sample(await ScrapeAsync(server), "vault_wal_gc_total"), 1, 5);
    }

    [Fact]
    public async Task Scraped_last_wal_equals_last_wal_of_dr_status()
    {
        await using var server = await ServerFixture.StartAsync(Telemetry);
        await server.ReadyAsync();
        await EnableDrPrimaryAsync(server);
        await WriteSecretsAsync(server, 4);

        // Background work (token and lease housekeeping) may append to the WAL between two reads, so compare a
        // scrape taken between two equal status reads.
        for (var attempt = 0; ; attempt++)
        {
            var before = await DrStatusLastWalAsync(server);
            var exposition = await ScrapeAsync(server);
            var after = await DrStatusLastWalAsync(server);
            if (before != after && attempt < 10)
            {
                continue;
            }
            Assert.Equal(before, after);
            Assert.True(before >= 4);
            Assert.Equal(before, Sample(exposition, "vault_replication_wal_last_wal"));
            Assert.Equal(before, Sample(exposition, "vault_replication_wal_last_dr_wal"));
            Assert.Equal(0, Sample(exposition, "vault_replication_fsm_last_remote_wal"));
            Assert.Equal(16384, Sample(exposition, "vault_logshipper_buffer_max_length"));
            Assert.Equal(0, Sample(exposition, "vault_replication_reconnects"));
            Assert.Contains("# TYPE vault_replication_merkleSync histogram", exposition);
            break;
        }

        using var root = server.RootClient();
        var json = await TestHttp.ReadJsonAsync(await root.GetAsync("/v1/sys/metrics"));
        Assert.Contains(json["Gauges"]!.AsArray(), g => g!["Name"]!.GetValue<string>() == "vault.replication.wal.last_wal");
        Assert.Contains(json["Counters"]!.AsArray(), c => c!["Name"]!.GetValue<string>() == "vault.logshipper.streamWALs.guard_found");
    }

    [Theory]
    [InlineData("logshipper_buffer_length = 0", ":5:42", "\"logshipper_buffer_length\" must be a whole number greater than 0")]
    [InlineData("logshipper_buffer_size = \"lots\"", ":5:40", "\"logshipper_buffer_size\" must be a size greater than 0")]
    [InlineData("allow_forwarding_via_token = \"always\"", ":5:44", "\"allow_forwarding_via_token\" must be \"\" or \"new_token\"")]
    public async Task Invalid_replication_setting_stops_the_server_with_a_config_error(string setting, string position, string message)
    {
        var directory = Directory.CreateTempSubdirectory("coffer-config-").FullName;
        try
        {
            var file = Path.Combine(directory, "bad.hcl");
            await File.WriteAllTextAsync(file, $"storage \"inmem\" {{}}\nlistener \"tcp\" {{\n  tls_disable = true\n}}\nreplication {{ {setting} }}\n");
            var (exitCode, stdout, stderr) = await CofferProcess.RunCliAsync(["server", $"-config={file}"]);
            Assert.Equal(1, exitCode);
            Assert.Contains(file + position, stderr);
            Assert.Contains(message, stderr);
            Assert.DoesNotContain("   at ", stderr + stdout);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
