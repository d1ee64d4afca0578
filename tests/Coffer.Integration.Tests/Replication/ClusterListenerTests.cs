using System.Net;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Coffer.Core;
using Coffer.Core.Replication.Tls;
using Coffer.Core.Storage;
using Coffer.Integration.Tests.Infrastructure;
using Coffer.Server.Cluster;

namespace Coffer.Integration.Tests.Replication;

/// <summary>
/// The cluster listener in process: a real Kestrel endpoint and real TLS handshakes, with the CA enabled through the
/// core call that the replication enable endpoints will make (no HTTP trigger exists yet).
/// </summary>
public sealed class ClusterListenerTests : IAsyncLifetime
{
    private CofferCore _core = null!;
    private ClusterListener _listener = null!;
    private string _rootToken = "";
    private byte[] _unsealKey = [];
    private readonly int _port = CofferProcess.FreePort();

    public async Task InitializeAsync()
    {
        _core = new CofferCore(new InMemPhysical(), new CoreOptions { ClusterAddress = $"https://127.0.0.1:{_port}" }, SystemClock.Instance);
        var init = await _core.InitializeAsync(1, 1);
        _rootToken = init.RootToken;
        _unsealKey = init.Keys[0];
        await _core.SubmitUnsealKeyAsync(_unsealKey);
        _listener = new ClusterListener(_core, new IPEndPoint(IPAddress.Loopback, _port), TextWriter.Null);
        await _listener.AttachAsync();
    }

    public async Task DisposeAsync()
    {
        await _listener.DisposeAsync();
        await _core.DisposeAsync();
    }

    [Fact]
    public async Task The_port_stays_closed_until_cluster_tls_is_enabled()
    {
        Assert.False(_listener.IsRunning);
        using var unrelated = SelfSigned();
        using var client = ClusterPortClient.Create(_port, unrelated, null);
        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync(ClusterPing));

        await _core.EnableClusterTlsAsync();

        Assert.True(_listener.IsRunning);
    }

    [Fact]
    public async Task A_secondary_with_an_issued_certificate_pings_over_http2()
    {
        var ca = await _core.EnableClusterTlsAsync();
        using var certificate = (await ca.IssueClientCertificateAsync("perf-west", TimeSpan.FromDays(1))).ToCertificate();
        using var client = ClusterPortClient.Create(_port, ca.Certificate, certificate);

        using var response = await client.GetAsync(ClusterPing);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpVersion.Version20, response.Version);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("perf-west", body["secondary_id"]!.GetValue<string>());
        var serverTime = DateTimeOffset.Parse(body["server_time"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(serverTime, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(1));
        Assert.Equal(_core.Cluster!.Id, body["cluster_id"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_client_without_a_certificate_fails_the_handshake()
    {
        var ca = await _core.EnableClusterTlsAsync();
        await AssertControlClientSucceedsAsync(ca);
        using var client = ClusterPortClient.Create(_port, ca.Certificate, null);

        await AssertRefusedAsync(client);
    }

    [Fact]
    public async Task A_certificate_from_another_ca_fails_the_handshake()
    {
        var ca = await _core.EnableClusterTlsAsync();
        await ca.IssueClientCertificateAsync("perf-west", TimeSpan.FromDays(1));
        await AssertControlClientSucceedsAsync(ca);
        await using var otherCore = new CofferCore(new InMemPhysical(), new CoreOptions(), SystemClock.Instance);
        var otherInit = await otherCore.InitializeAsync(1, 1);
        await otherCore.SubmitUnsealKeyAsync(otherInit.Keys[0]);
        var otherCa = await otherCore.EnableClusterTlsAsync();
        using var foreign = (await otherCa.IssueClientCertificateAsync("perf-west", TimeSpan.FromDays(1))).ToCertificate();
        using var client = ClusterPortClient.Create(_port, ca.Certificate, foreign);

        await AssertRefusedAsync(client);
    }

    [Fact]
    public async Task An_expired_certificate_fails_the_handshake()
    {
        var ca = await _core.EnableClusterTlsAsync();
        await AssertControlClientSucceedsAsync(ca);
        var now = DateTimeOffset.UtcNow;
        using var expired = (await ca.IssueClientCertificateAsync("dr-old", now.AddDays(-10), now.AddMinutes(-10))).ToCertificate();
        using var client = ClusterPortClient.Create(_port, ca.Certificate, expired);

        await AssertRefusedAsync(client);
    }

    [Fact]
    public async Task A_revoked_secondary_fails_new_handshakes_and_is_refused_on_its_open_connection()
    {
        var ca = await _core.EnableClusterTlsAsync();
        using var certificate = (await ca.IssueClientCertificateAsync("dr-1", TimeSpan.FromDays(1))).ToCertificate();
        using var connected = ClusterPortClient.Create(_port, ca.Certificate, certificate);
        using (var before = await connected.GetAsync(ClusterPing))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        Assert.True(await ca.RevokeAsync("dr-1"));

        using (var onOpenConnection = await connected.GetAsync(ClusterPing))
        {
            Assert.Equal(HttpStatusCode.Forbidden, onOpenConnection.StatusCode);
        }
        using var fresh = ClusterPortClient.Create(_port, ca.Certificate, certificate);
        await AssertRefusedAsync(fresh);
    }

    [Fact]
    public async Task A_sealed_node_refuses_every_handshake_and_accepts_again_after_unseal()
    {
        var ca = await _core.EnableClusterTlsAsync();
        using var certificate = (await ca.IssueClientCertificateAsync("dr-1", TimeSpan.FromDays(1))).ToCertificate();

        await _core.SealAsync(_rootToken);
        using (var whileSealed = ClusterPortClient.Create(_port, ca.Certificate, certificate))
        {
            await AssertRefusedAsync(whileSealed);
        }

        await _core.SubmitUnsealKeyAsync(_unsealKey);
        using var afterUnseal = ClusterPortClient.Create(_port, ca.Certificate, certificate);
        using var response = await afterUnseal.GetAsync(ClusterPing);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_client_refuses_a_server_whose_certificate_is_not_from_the_expected_ca()
    {
        var ca = await _core.EnableClusterTlsAsync();
        using var certificate = (await ca.IssueClientCertificateAsync("perf-west", TimeSpan.FromDays(1))).ToCertificate();
        using var unrelated = SelfSigned();
        using var client = ClusterPortClient.Create(_port, unrelated, certificate);

        var failure = await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync(ClusterPing));
        Assert.IsType<AuthenticationException>(failure.InnerException);
    }

    [Fact]
    public async Task Unknown_paths_and_wrong_methods_get_vault_style_errors()
    {
        var ca = await _core.EnableClusterTlsAsync();
        using var certificate = (await ca.IssueClientCertificateAsync("perf-west", TimeSpan.FromDays(1))).ToCertificate();
        using var client = ClusterPortClient.Create(_port, ca.Certificate, certificate);

        using var unknown = await client.GetAsync("/cluster/v1/nothing-here");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.NotEmpty(JsonNode.Parse(await unknown.Content.ReadAsStringAsync())!["errors"]!.AsArray());
        using var post = await client.PostAsync(ClusterPing, new StringContent("{}"));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, post.StatusCode);
    }

    private const string ClusterPing = "/cluster/v1/ping";

    /// <summary>Proves the port and CA work right now, so a refusal that follows is the certificate's doing.</summary>
    private async Task AssertControlClientSucceedsAsync(ReplicationCertificateAuthority ca)
    {
        var id = $"control-{Guid.NewGuid():N}";
        using var certificate = (await ca.IssueClientCertificateAsync(id, TimeSpan.FromDays(1))).ToCertificate();
        using var client = ClusterPortClient.Create(_port, ca.Certificate, certificate);
        using var response = await client.GetAsync(ClusterPing);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static async Task AssertRefusedAsync(HttpClient client)
    {
        // With TLS 1.3 the client may finish its side before the server rejects its certificate, so the refusal can
        // surface as a handshake failure or as the connection closing on the first request: both are HttpRequestException.
        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync(ClusterPing));
    }

    private static X509Certificate2 SelfSigned()
    {
        using var key = System.Security.Cryptography.ECDsa.Create();
        var request = new CertificateRequest("CN=unrelated", key, System.Security.Cryptography.HashAlgorithmName.SHA256);
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
    }
}
