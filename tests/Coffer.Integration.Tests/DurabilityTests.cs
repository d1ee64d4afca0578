using System.Collections.Concurrent;
using System.Net;
using Coffer.Integration.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Coffer.Integration.Tests;

public sealed class DurabilityTests(ITestOutputHelper output)
{
    /// <summary>
    /// Writers run flat out; the server is SIGKILLed mid-load. Every write that was answered 204 must be readable,
    /// with the value that was acknowledged, after a restart.
    /// </summary>
    [Fact]
    public async Task EveryAcknowledgedWriteSurvivesKillDashNine()
    {
        await using var server = await ServerFixture.StartAsync();
        await server.ReadyAsync();
        var acknowledged = new ConcurrentDictionary<string, string>();
        using var stop = new CancellationTokenSource();
        var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 16 };
        using var client = TestHttp.Client(server.Address, server.RootToken, handler);

        async Task WriterAsync(int writer)
        {
            for (var i = 0; !stop.IsCancellationRequested && i < 1_000_000; i++)
            {
                var key = $"w{writer}/k{i}";
                var value = Guid.NewGuid().ToString();
                try
                {
                    using var response = await client.PostAsync($"/v1/secret/{key}", TestHttp.Json($$"""{"v":"{{value}}"}"""));
                    if (response.StatusCode == HttpStatusCode.NoContent)
                    {
                        acknowledged[key] = value;
                    }
                }
                catch (HttpRequestException)
                {
                    return;
                }
                catch (TaskCanceledException)
                {
                    return;
                }
            }
        }

        var writers = Enumerable.Range(0, 16).Select(w => Task.Run(() => WriterAsync(w))).ToArray();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (acknowledged.Count < 2000 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }
        await server.KillAsync();
        stop.Cancel();
        await Task.WhenAll(writers);
        Assert.True(acknowledged.Count >= 500, $"only {acknowledged.Count} writes were acknowledged before the kill");

        await server.RestartAsync();
        await server.UnsealAsync();
        using var reader = TestHttp.Client(server.Address, server.RootToken);
        var missing = new List<string>();
        foreach (var (key, value) in acknowledged)
        {
            using var response = await reader.GetAsync($"/v1/secret/{key}");
            if (response.StatusCode != HttpStatusCode.OK)
            {
                missing.Add(key);
                continue;
            }
            var body = await TestHttp.ReadJsonAsync(response);
            Assert.Equal(value, body["data"]!["v"]!.GetValue<string>());
        }
        Assert.Empty(missing);
        output.WriteLine($"{acknowledged.Count} acknowledged writes before SIGKILL; all present after restart");
    }
}
