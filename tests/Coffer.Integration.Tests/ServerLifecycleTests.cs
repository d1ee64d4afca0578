using System.Net;
using System.Text;
using Coffer.Integration.Tests.Infrastructure;

namespace Coffer.Integration.Tests;

public sealed class ServerLifecycleTests
{
    [Fact]
    public async Task InitUnsealWriteRestartComesBackSealedWithDataIntact()
    {
        await using var server = await ServerFixture.StartAsync();
        using var anonymous = TestHttp.Client(server.Address);

        var status = await TestHttp.ReadJsonAsync(await anonymous.GetAsync("/v1/sys/seal-status"));
        Assert.False(status["initialized"]!.GetValue<bool>());
        Assert.True(status["sealed"]!.GetValue<bool>());
        Assert.Equal(501, (int)(await anonymous.GetAsync("/v1/sys/health")).StatusCode);

        await server.InitAsync(shares: 3, threshold: 2);
        Assert.Equal(3, server.UnsealKeys.Count);
        var again = await anonymous.PutAsync("/v1/sys/init", TestHttp.Json("""{"secret_shares":1,"secret_threshold":1}"""));
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.Contains("Vault is already initialized", await again.Content.ReadAsStringAsync());
        Assert.Equal(503, (int)(await anonymous.GetAsync("/v1/sys/health")).StatusCode);

        await server.UnsealAsync();
        Assert.Equal(200, (int)(await anonymous.GetAsync("/v1/sys/health")).StatusCode);
        using var root = server.RootClient();
        (await root.PostAsync("/v1/sys/mounts/secret", TestHttp.Json("""{"type":"kv"}"""))).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.NoContent, (await root.PostAsync("/v1/secret/app", TestHttp.Json("""{"db":"pa55"}"""))).StatusCode);

        await server.RestartAsync();
        var sealedRead = await root.GetAsync("/v1/secret/app");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, sealedRead.StatusCode);
        Assert.Equal("""{"errors":["Vault is sealed"]}""", await sealedRead.Content.ReadAsStringAsync());

        await server.UnsealAsync();
        var read = await TestHttp.ReadJsonAsync(await root.GetAsync("/v1/secret/app"));
        Assert.Equal("pa55", read["data"]!["db"]!.GetValue<string>());
    }

    [Fact]
    public async Task UnsealProgressAndWrongKeys()
    {
        await using var server = await ServerFixture.StartAsync();
        await server.InitAsync(shares: 3, threshold: 2);
        using var client = TestHttp.Client(server.Address);
        var bad = await client.PutAsync("/v1/sys/unseal", TestHttp.Json("""{"key":"not-a-key!"}"""));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("'key' must be a valid hex or base64 string", await bad.Content.ReadAsStringAsync());
        var missing = await client.PutAsync("/v1/sys/unseal", TestHttp.Json("{}"));
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);

        var first = await TestHttp.ReadJsonAsync(await client.PutAsync("/v1/sys/unseal", TestHttp.Json($$"""{"Key":"{{server.UnsealKeys[0]}}"}""")));
        Assert.Equal(1, first["progress"]!.GetValue<int>());
        Assert.True(first["sealed"]!.GetValue<bool>());
        var reset = await TestHttp.ReadJsonAsync(await client.PutAsync("/v1/sys/unseal", TestHttp.Json("""{"reset":true}""")));
        Assert.Equal(0, reset["progress"]!.GetValue<int>());

        var hexKey = Convert.ToHexStringLower(Convert.FromBase64String(server.UnsealKeys[1]));
        await client.PutAsync("/v1/sys/unseal", TestHttp.Json($$"""{"key":"{{hexKey}}"}"""));
        var done = await TestHttp.ReadJsonAsync(await client.PutAsync("/v1/sys/unseal", TestHttp.Json($$"""{"key":"{{server.UnsealKeys[2]}}"}""")));
        Assert.False(done["sealed"]!.GetValue<bool>());
        Assert.False(string.IsNullOrEmpty(done["cluster_id"]?.GetValue<string>()));
    }

    [Fact]
    public async Task SealEndpointSealsAndNeedsAToken()
    {
        await using var server = await ServerFixture.StartAsync();
        await server.ReadyAsync();
        using var anonymous = TestHttp.Client(server.Address);
        Assert.Equal(HttpStatusCode.Forbidden, (await anonymous.PutAsync("/v1/sys/seal", null)).StatusCode);
        using var root = server.RootClient();
        Assert.Equal(HttpStatusCode.NoContent, (await root.PutAsync("/v1/sys/seal", null)).StatusCode);
        var status = await TestHttp.ReadJsonAsync(await anonymous.GetAsync("/v1/sys/seal-status"));
        Assert.True(status["sealed"]!.GetValue<bool>());
        Assert.Null(status["cluster_id"]);
    }

    [Fact]
    public async Task StoredSecretsNeverAppearInTheDatabaseFile()
    {
        await using var server = await ServerFixture.StartAsync();
        await server.ReadyAsync();
        using var root = server.RootClient();
        const string marker = "plaintext-marker-7f3a9c";
        for (var i = 0; i < 50; i++)
        {
            (await root.PostAsync($"/v1/secret/item{i}", TestHttp.Json($$"""{"value":"{{marker}}-{{i}}"}"""))).EnsureSuccessStatusCode();
        }
        var read = await TestHttp.ReadJsonAsync(await root.GetAsync("/v1/secret/item7"));
        Assert.Equal($"{marker}-7", read["data"]!["value"]!.GetValue<string>());
        await server.Process!.StopAsync();

        var needles = new[] { marker, server.RootToken! };
        var files = Directory.GetFiles(server.Directory, "coffer.db*");
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            var bytes = await File.ReadAllBytesAsync(file);
            foreach (var needle in needles)
            {
                Assert.Equal(-1, bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(needle)));
            }
        }
    }
}
