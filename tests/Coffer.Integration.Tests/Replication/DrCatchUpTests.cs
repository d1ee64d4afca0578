using System.Globalization;
using System.Text.RegularExpressions;
using Coffer.Integration.Tests.Infrastructure;

namespace Coffer.Integration.Tests.Replication;

/// <summary>
/// A DR secondary that was down while the primary wrote far more than it retains (<c>logshipper_buffer_length =
/// 20</c>) cannot resume its WAL stream: it comes back through merkle diff and merkle sync and ends with the
/// primary's merkle root, deletes included.
/// </summary>
public sealed class DrCatchUpTests
{
    private const string Config = """
        telemetry {
          prometheus_retention_time = "30s"
        }
        replication {
          logshipper_buffer_length = 20
        }
        """;

    private static async Task<double> ScrapeCounterAsync(DrCluster cluster, string token, string name)
    {
        using var client = TestHttp.Client(cluster.Address, token);
        using var response = await client.GetAsync("/v1/sys/metrics?format=prometheus");
        var exposition = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode} {exposition}");
        var match = Regex.Match(exposition, $"^{Regex.Escape(name)} (\\S+)$", RegexOptions.Multiline);
        return match.Success ? double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
    }

    [Fact]
    public async Task A_secondary_behind_the_retained_wal_catches_up_by_merkle_sync_deletes_included()
    {
        await using var primary = await DrCluster.StartAsync(Config);
        await using var secondary = await DrCluster.StartAsync(mountKv: false);
        var root = primary.RootToken;
        await DrFailoverDrillTests.WriteDrOpsPolicyAsync(primary, root);
        var operationToken = await DrFailoverDrillTests.MintDrOperationTokenAsync(primary, root);
        using var client = TestHttp.Client(primary.Address, root);
        for (var n = 1; n <= 30; n++)
        {
            await PutAsync(client, $"early/e{n}", n);
        }
        await secondary.EnableSecondaryAsync(await primary.EnablePrimaryAndMintTokenAsync("dr-behind"), primary);
        await secondary.WaitInSyncWithAsync(primary);
        var missingGuardBefore = await ScrapeCounterAsync(primary, root, "vault_logshipper_streamWALs_missing_guard");

        await secondary.KillAsync();
        var lastWalBefore = (await primary.DrStatusAsync())["last_wal"]!.GetValue<ulong>();
        for (var n = 1; n <= 300; n++)
        {
            await PutAsync(client, $"{SequentialWriter.Folder}/{SequentialWriter.Key(n)}", n);
        }
        // Deletes of both kinds, of keys the secondary has and of keys it never saw.
        for (var n = 1; n <= 10; n++)
        {
            await SendAsync(client, HttpMethod.Delete, $"/v1/secret/metadata/early/e{n}");
            await SendAsync(client, HttpMethod.Delete, $"/v1/secret/metadata/{SequentialWriter.Folder}/{SequentialWriter.Key(n * 7)}");
            await SendAsync(client, HttpMethod.Delete, $"/v1/secret/data/early/e{n + 10}");
        }
        var lastWalAfter = (await primary.DrStatusAsync())["last_wal"]!.GetValue<ulong>();
        Assert.True(lastWalAfter - lastWalBefore > 20 * 10, $"the primary wrote only {lastWalAfter - lastWalBefore} WAL entries while the secondary was down");

        await secondary.StartAndUnsealAsync();
        await secondary.WaitInSyncWithAsync(primary);
        await primary.WaitForStatusAsync(s => s["secondaries"]!.AsArray().Any(e => e!["connection_status"]!.GetValue<string>() == "connected"));
        var missingGuardAfter = await ScrapeCounterAsync(primary, root, "vault_logshipper_streamWALs_missing_guard");
        Assert.True(missingGuardAfter > missingGuardBefore,
            $"the secondary resumed without the primary refusing its position (missing_guard {missingGuardBefore} -> {missingGuardAfter}): it did not go through merkle sync");

        // What the roots say, read back: the promoted secondary holds exactly the primary's keys.
        var expected = await SequentialWriter.PresentKeysAsync(primary, root);
        Assert.Equal(290, expected.Count);
        await secondary.CliAsync(null, "write", "sys/replication/dr/secondary/promote", $"dr_operation_token={operationToken}");
        Assert.Equal(expected, await SequentialWriter.PresentKeysAsync(secondary, root));
        Assert.Equal(20, (await secondary.CliAsync(root, "kv", "list", "secret/early")).Split('\n').Skip(2).Count());
        Assert.NotEqual(0, (await secondary.TryCliAsync(root, "kv", "get", "secret/early/e1")).ExitCode);
        using (var promoted = TestHttp.Client(secondary.Address, root))
        {
            // A soft delete keeps the version, marked deleted: KV v2 answers 404 with the metadata's deletion time.
            using var softDeleted = await promoted.GetAsync("/v1/secret/data/early/e11");
            Assert.Equal(System.Net.HttpStatusCode.NotFound, softDeleted.StatusCode);
            var metadata = (await TestHttp.ReadJsonAsync(softDeleted))["data"]!["metadata"]!;
            Assert.NotEqual("", metadata["deletion_time"]!.GetValue<string>());
        }
        Assert.Equal("21", await secondary.CliAsync(root, "kv", "get", "-field=n", "secret/early/e21"));
        await SequentialWriter.AssertValueAsync(secondary, root, 300);
    }

    private static Task PutAsync(HttpClient client, string path, int n) =>
        SendAsync(client, HttpMethod.Post, $"/v1/secret/data/{path}", "{\"data\":{\"n\":\"" + n.ToString(CultureInfo.InvariantCulture) + "\"}}");

    private static async Task SendAsync(HttpClient client, HttpMethod method, string path, string? json = null)
    {
        using var response = await client.SendAsync(TestHttp.Request(method.Method, path, json));
        Assert.True(response.IsSuccessStatusCode, $"{method} {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }
}
