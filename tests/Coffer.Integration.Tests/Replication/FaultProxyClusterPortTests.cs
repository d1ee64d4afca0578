using System.Net;
using System.Text.Json.Nodes;
using Coffer.Core;
using Coffer.Core.Storage;
using Coffer.Integration.Tests.Infrastructure;

namespace Coffer.Integration.Tests.Replication;

/// <summary>
/// The fault proxy in front of a real server's cluster port: mutual TLS over HTTP/2 passes through it unchanged,
/// a cut breaks the secondary's connection and refuses new ones, and a restore lets the same client reconnect.
/// </summary>
public sealed class FaultProxyClusterPortTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("coffer-proxy-").FullName;
    private CofferProcess? _server;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Mutual_tls_over_http2_passes_through_and_a_cut_breaks_it_until_restored()
    {
        var apiPort = CofferProcess.FreePort();
        var clusterPort = CofferProcess.FreePort();
        var databasePath = Path.Combine(_directory, "coffer.db");
        string unsealKey;
        System.Security.Cryptography.X509Certificates.X509Certificate2 authority;
        Core.Replication.Tls.IssuedClientCertificate issued;
        await using (var core = new CofferCore(await SqlitePhysical.OpenAsync(databasePath), new CoreOptions(), SystemClock.Instance))
        {
            var init = await core.InitializeAsync(1, 1);
            unsealKey = Convert.ToBase64String(init.Keys[0]);
            await core.SubmitUnsealKeyAsync(init.Keys[0]);
            var ca = await core.EnableClusterTlsAsync();
            authority = ca.Certificate;
            issued = await ca.IssueClientCertificateAsync("dr-east", TimeSpan.FromDays(1));
        }
        var configPath = Path.Combine(_directory, "config.hcl");
        await File.WriteAllTextAsync(configPath, $$"""
            storage "sqlite" {
              path = "{{databasePath}}"
            }
            listener "tcp" {
              address         = "127.0.0.1:{{apiPort}}"
              cluster_address = "127.0.0.1:{{clusterPort}}"
              tls_disable     = true
            }
            cluster_addr = "https://127.0.0.1:{{clusterPort}}"
            """);
        var address = $"http://127.0.0.1:{apiPort}";
        _server = await CofferProcess.StartAsync(address, $"-config={configPath}");
        using (var api = TestHttp.Client(address))
        {
            using var unseal = await api.PutAsync("/v1/sys/unseal", TestHttp.Json(new JsonObject { ["key"] = unsealKey }.ToJsonString()));
            unseal.EnsureSuccessStatusCode();
        }

        await using var proxy = await LoopbackFaultProxy.StartAsync(new IPEndPoint(IPAddress.Loopback, clusterPort));
        using var certificate = issued.ToCertificate();
        using var secondary = ClusterPortClient.Create(proxy.Port, authority, certificate);

        await AssertPingAsync(secondary);
        Assert.Equal(1, proxy.LiveConnections);

        proxy.Cut();
        await Assert.ThrowsAsync<HttpRequestException>(() => secondary.GetAsync("/cluster/v1/ping"));
        await Assert.ThrowsAsync<HttpRequestException>(() => secondary.GetAsync("/cluster/v1/ping"));

        proxy.Restore();
        await AssertPingAsync(secondary);
        Assert.False(_server.HasExited);
    }

    private static async Task AssertPingAsync(HttpClient secondary)
    {
        using var response = await secondary.GetAsync("/cluster/v1/ping");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpVersion.Version20, response.Version);
        Assert.Equal("dr-east", JsonNode.Parse(await response.Content.ReadAsStringAsync())!["secondary_id"]!.GetValue<string>());
    }
}
