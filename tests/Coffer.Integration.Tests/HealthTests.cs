using System.Net;
using Coffer.Integration.Tests.Infrastructure;

namespace Coffer.Integration.Tests;

public sealed class HealthTests
{
    [Fact]
    public async Task CodesFollowStateAndQueryParameters()
    {
        await using var server = await ServerFixture.StartAsync();
        using var client = TestHttp.Client(server.Address);
        async Task<int> Status(string query) => (int)(await client.GetAsync("/v1/sys/health" + query)).StatusCode;

        Assert.Equal(501, await Status(""));
        Assert.Equal(299, await Status("?uninitcode=299"));
        var uninit = await TestHttp.ReadJsonAsync(await client.GetAsync("/v1/sys/health"));
        Assert.False(uninit["initialized"]!.GetValue<bool>());
        Assert.Equal("disabled", uninit["replication_dr_mode"]!.GetValue<string>());

        await server.InitAsync();
        Assert.Equal(503, await Status(""));
        Assert.Equal(299, await Status("?sealedcode=299&uninitcode=299"));
        var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/v1/sys/health"));
        Assert.Equal(503, (int)head.StatusCode);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());

        await server.UnsealAsync();
        Assert.Equal(200, await Status(""));
        Assert.Equal(204, await Status("?activecode=204"));
        Assert.Equal(200, await Status("?standbyok=true"));
        var active = await TestHttp.ReadJsonAsync(await client.GetAsync("/v1/sys/health"));
        Assert.False(active["sealed"]!.GetValue<bool>());
        Assert.False(string.IsNullOrEmpty(active["cluster_id"]!.GetValue<string>()));
        Assert.True(active["server_time_utc"]!.GetValue<long>() > 1_700_000_000);

        Assert.Equal(400, await Status("?activecode=abc"));
        Assert.Equal(400, await Status("?standbyok=perhaps"));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await client.PostAsync("/v1/sys/health", null)).StatusCode);
    }
}
