using System.Net;
using System.Text.Json.Nodes;
using Coffer.Integration.Tests.Infrastructure;

namespace Coffer.Integration.Tests.Replication;

/// <summary>
/// A real server on SQLite made a DR primary over HTTP and then demoted: sys/health reports 472, normal requests get
/// Vault's DR secondary refusal, status still answers, and all of it survives a process restart and unseal.
/// </summary>
public sealed class DrSecondaryGateTests
{
    private const string GateMessage = "path disabled in replication DR secondary mode";

    private static async Task AssertGatedAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await TestHttp.ReadJsonAsync(response))["errors"]!.AsArray().Select(e => e!.GetValue<string>());
        Assert.Equal([GateMessage], errors);
    }

    private static async Task<(HttpStatusCode Status, JsonObject Body)> HealthAsync(ServerFixture server, string query = "")
    {
        using var client = TestHttp.Client(server.Address);
        using var response = await client.GetAsync("/v1/sys/health" + query);
        return (response.StatusCode, await TestHttp.ReadJsonAsync(response));
    }

    [Fact]
    public async Task Demoted_primary_is_gated_reports_472_and_stays_so_after_a_restart()
    {
        await using var server = await ServerFixture.StartAsync();
        await server.ReadyAsync();
        using (var root = server.RootClient())
        {
            using var enable = await root.PostAsync("/v1/sys/replication/dr/primary/enable", TestHttp.Json("{}"));
            Assert.True(enable.IsSuccessStatusCode, await enable.Content.ReadAsStringAsync());
            using var write = await root.PostAsync("/v1/secret/app", TestHttp.Json("""{"password":"s3cret"}"""));
            write.EnsureSuccessStatusCode();
        }
        var (primaryStatus, primaryHealth) = await HealthAsync(server);
        Assert.Equal(HttpStatusCode.OK, primaryStatus);
        Assert.Equal("primary", primaryHealth["replication_dr_mode"]!.GetValue<string>());

        using (var root = server.RootClient())
        {
            using var demote = await root.PostAsync("/v1/sys/replication/dr/primary/demote", TestHttp.Json("{}"));
            Assert.True(demote.IsSuccessStatusCode, await demote.Content.ReadAsStringAsync());
        }

        await AssertSecondaryAsync(server);

        await server.RestartAsync();
        await server.UnsealAsync();

        await AssertSecondaryAsync(server);
    }

    private static async Task AssertSecondaryAsync(ServerFixture server)
    {
        var (status, health) = await HealthAsync(server);
        Assert.Equal((HttpStatusCode)472, status);
        Assert.Equal("secondary", health["replication_dr_mode"]!.GetValue<string>());
        Assert.Equal("disabled", health["replication_performance_mode"]!.GetValue<string>());
        Assert.False(health["sealed"]!.GetValue<bool>());
        var (overridden, _) = await HealthAsync(server, "?drsecondarycode=200");
        Assert.Equal(HttpStatusCode.OK, overridden);

        using (var root = server.RootClient())
        {
            using var read = await root.GetAsync("/v1/secret/app");
            await AssertGatedAsync(read);
            using var write = await root.PostAsync("/v1/secret/other", TestHttp.Json("""{"a":"b"}"""));
            await AssertGatedAsync(write);
            using var mounts = await root.GetAsync("/v1/sys/mounts");
            await AssertGatedAsync(mounts);
            using var lookup = await root.GetAsync("/v1/auth/token/lookup-self");
            await AssertGatedAsync(lookup);
            using var metrics = await root.GetAsync("/v1/sys/metrics");
            await AssertGatedAsync(metrics);
        }
        using (var anonymous = TestHttp.Client(server.Address))
        {
            using var read = await anonymous.GetAsync("/v1/secret/app");
            await AssertGatedAsync(read);
            using var sealStatus = await anonymous.GetAsync("/v1/sys/seal-status");
            Assert.Equal(HttpStatusCode.OK, sealStatus.StatusCode);
        }

        var environment = new Dictionary<string, string>
        {
            ["VAULT_ADDR"] = server.Address,
            ["HOME"] = server.Directory,
            ["COFFER_TOKEN"] = server.RootToken!,
        };
        var (exitCode, stdout, stderr) = await CofferProcess.RunCliAsync(["read", "-format=json", "sys/replication/dr/status"], environment);
        Assert.True(exitCode == 0, stdout + stderr);
        var dr = JsonNode.Parse(stdout)!["data"]!;
        Assert.Equal("secondary", dr["mode"]!.GetValue<string>());
        Assert.Equal("idle", dr["state"]!.GetValue<string>());
    }
}
