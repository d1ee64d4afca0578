using System.Net;
using Coffer.Integration.Tests.Infrastructure;

namespace Coffer.Integration.Tests.Replication;

/// <summary>
/// A DR secondary SIGKILLed while its bootstrap replaces its storage holds neither its own data nor the primary's.
/// It still unseals with its own keys (the primary's keyring arrives only with the last page), comes back as
/// <c>bootstrapping</c> without serving anything, finishes the bootstrap by itself and from then on is an ordinary
/// secondary, unsealed with the primary's keys.
/// </summary>
public sealed class DrBootstrapResumeTests
{
    [Fact]
    public async Task A_secondary_killed_mid_bootstrap_resumes_it_after_unsealing_with_its_own_keys()
    {
        await using var primary = await DrCluster.StartAsync(mountKv: false);
        await using var secondary = await DrCluster.StartAsync();
        await using var proxy = await LoopbackFaultProxy.StartAsync(new IPEndPoint(IPAddress.Loopback, primary.ClusterPort));
        var root = primary.RootToken;
        await primary.CliAsync(root, "secrets", "enable", "-path=bulk", "-version=1", "kv");
        await secondary.CliAsync(secondary.RootToken, "kv", "put", "secret/own", "before=bootstrap");
        // ~4.4 MB of entries: three bootstrap pages, which the slowed link makes last several seconds.
        using (var client = TestHttp.Client(primary.Address, root))
        {
            var payload = new string('x', 1024);
            await Parallel.ForEachAsync(Enumerable.Range(0, 4000), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (n, ct) =>
            {
                using var response = await client.PostAsync($"/v1/bulk/s{n:D4}", TestHttp.Json($$"""{"value":"{{payload}}"}"""), ct);
                response.EnsureSuccessStatusCode();
            });
        }
        var activation = await primary.EnablePrimaryAndMintTokenAsync("dr-resumed", $"https://{proxy.Address}");
        proxy.SetLatency(TimeSpan.FromMilliseconds(20));

        var enable = secondary.TryCliAsync(secondary.RootToken, "write", "sys/replication/dr/secondary/enable", $"token={activation}");
        await secondary.WaitForStatusAsync(s => s["mode"]?.GetValue<string>() == "bootstrapping");
        // The first 2 MB page lands after ~2.6 s at this latency; the copy ends after ~6 s.
        await Task.Delay(TimeSpan.FromSeconds(3.5));
        await secondary.KillAsync();
        var (exitCode, _, _) = await enable;
        Assert.NotEqual(0, exitCode);

        // Its own keys still open it; the bootstrap picks up again, still through the slow link.
        await secondary.StartAndUnsealAsync();
        var resumed = await secondary.DrStatusAsync();
        Assert.Equal("bootstrapping", resumed["mode"]?.GetValue<string>());
        using (var client = TestHttp.Client(secondary.Address, secondary.RootToken))
        {
            using var response = await client.GetAsync("/v1/secret/data/own");
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains("path disabled in replication DR secondary mode", await response.Content.ReadAsStringAsync());
        }

        proxy.SetLatency(TimeSpan.Zero);
        await secondary.WaitInSyncWithAsync(primary);
        Assert.Equal("secondary", (await secondary.DrStatusAsync())["mode"]?.GetValue<string>());

        // The primary's keys open it from now on, and it stays in step after a restart.
        secondary.Server.UnsealKeys.Clear();
        secondary.Server.UnsealKeys.AddRange(primary.Server.UnsealKeys);
        await secondary.RestartAndUnsealAsync();
        using (var client = TestHttp.Client(primary.Address, root))
        {
            using var response = await client.PostAsync("/v1/bulk/after-resume", TestHttp.Json("""{"value":"1"}"""));
            response.EnsureSuccessStatusCode();
        }
        await secondary.WaitInSyncWithAsync(primary);
    }
}
