using System.Net;
using System.Text.Json.Nodes;
using Coffer.Core;
using Coffer.Core.Storage;
using Coffer.Integration.Tests.Infrastructure;

namespace Coffer.Integration.Tests.Replication;

/// <summary>
/// A real <c>coffer server</c> whose storage already holds a replication CA (created in process, as a replication
/// enable would): the cluster port must stay closed while sealed and open at unseal with the stored CA.
/// </summary>
public sealed class ClusterPortProcessTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("coffer-cluster-").FullName;
    private CofferProcess? _server;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.StopAsync();
        }
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task The_server_opens_the_cluster_port_at_unseal_with_the_stored_ca_and_enforces_mutual_tls()
    {
        var apiPort = CofferProcess.FreePort();
        var clusterPort = CofferProcess.FreePort();
        var databasePath = Path.Combine(_directory, "coffer.db");

        string unsealKey;
        System.Security.Cryptography.X509Certificates.X509Certificate2 authority;
        Core.Replication.Tls.IssuedClientCertificate live, revoked;
        await using (var core = new CofferCore(await SqlitePhysical.OpenAsync(databasePath), new CoreOptions(), SystemClock.Instance))
        {
            var init = await core.InitializeAsync(1, 1);
            unsealKey = Convert.ToBase64String(init.Keys[0]);
            await core.SubmitUnsealKeyAsync(init.Keys[0]);
            var ca = await core.EnableClusterTlsAsync();
            authority = ca.Certificate;
            live = await ca.IssueClientCertificateAsync("perf-west", TimeSpan.FromDays(1));
            revoked = await ca.IssueClientCertificateAsync("dr-gone", TimeSpan.FromDays(1));
            await ca.RevokeAsync("dr-gone");
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
        using var liveCertificate = live.ToCertificate();
        using var revokedCertificate = revoked.ToCertificate();

        using (var whileSealed = ClusterPortClient.Create(clusterPort, authority, liveCertificate))
        {
            await Assert.ThrowsAsync<HttpRequestException>(() => whileSealed.GetAsync("/cluster/v1/ping"));
        }

        using (var api = TestHttp.Client(address))
        {
            using var unseal = await api.PutAsync("/v1/sys/unseal", TestHttp.Json(new JsonObject { ["key"] = unsealKey }.ToJsonString()));
            unseal.EnsureSuccessStatusCode();
            Assert.False((await TestHttp.ReadJsonAsync(unseal))["sealed"]!.GetValue<bool>());
        }

        using (var secondary = ClusterPortClient.Create(clusterPort, authority, liveCertificate))
        {
            using var response = await secondary.GetAsync("/cluster/v1/ping");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(HttpVersion.Version20, response.Version);
            Assert.Equal("perf-west", JsonNode.Parse(await response.Content.ReadAsStringAsync())!["secondary_id"]!.GetValue<string>());
        }
        using (var revokedClient = ClusterPortClient.Create(clusterPort, authority, revokedCertificate))
        {
            await Assert.ThrowsAsync<HttpRequestException>(() => revokedClient.GetAsync("/cluster/v1/ping"));
        }
        using (var anonymous = ClusterPortClient.Create(clusterPort, authority, null))
        {
            await Assert.ThrowsAsync<HttpRequestException>(() => anonymous.GetAsync("/cluster/v1/ping"));
        }
        Assert.False(_server.HasExited);
    }
}
