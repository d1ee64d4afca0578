using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Coffer.Integration.Tests.Infrastructure;

namespace Coffer.Integration.Tests.Replication;

/// <summary>
/// What keeps a DR set closed, on real clusters: the cluster port trusts only its own replication CA, a revoked
/// secondary is cut off for good, an activation token works once and not after it expires (and a refused one does
/// no harm to the cluster that tried it), and a DR secondary serves no client data.
/// </summary>
public sealed class DrSecurityTests
{
    private const string GateMessage = "path disabled in replication DR secondary mode";
    private const string UnwrapError = "error response unwrapping secondary token";

    /// <summary>Unwraps an activation token the way a secondary does, yielding its bundle (CA, client certificate and key).</summary>
    private static async Task<JsonObject> UnwrapBundleAsync(DrCluster primary, string activationToken) =>
        JsonNode.Parse(await primary.CliAsync(primary.RootToken, "unwrap", "-format=json", activationToken))!["data"]!.AsObject();

    private static X509Certificate2 ClientCertificate(JsonObject bundle) =>
        X509Certificate2.CreateFromPem(bundle["client_certificate"]!.GetValue<string>(), bundle["client_private_key"]!.GetValue<string>());

    private static X509Certificate2 Authority(JsonObject bundle) => X509Certificate2.CreateFromPem(bundle["ca_certificate"]!.GetValue<string>());

    [Fact]
    public async Task The_cluster_port_refuses_a_client_certificate_issued_by_another_clusters_ca()
    {
        await using var primary = await DrCluster.StartAsync(mountKv: false);
        await using var stranger = await DrCluster.StartAsync(mountKv: false);
        var own = await UnwrapBundleAsync(primary, await primary.EnablePrimaryAndMintTokenAsync("dr-east"));
        var foreign = await UnwrapBundleAsync(stranger, await stranger.EnablePrimaryAndMintTokenAsync("dr-east"));
        using var authority = Authority(own);
        using var foreignAuthority = Authority(foreign);
        Assert.NotEqual(authority.Thumbprint, foreignAuthority.Thumbprint);

        // Control: the certificate the primary issued opens its port, so what follows is the certificate's doing.
        using (var ownCertificate = ClientCertificate(own))
        using (var client = ClusterPortClient.Create(primary.ClusterPort, authority, ownCertificate))
        {
            using var ping = await client.GetAsync("/cluster/v1/ping");
            Assert.Equal(HttpStatusCode.OK, ping.StatusCode);
        }
        // Same secondary id, valid dates, but signed by the other cluster's CA.
        using (var foreignCertificate = ClientCertificate(foreign))
        using (var client = ClusterPortClient.Create(primary.ClusterPort, authority, foreignCertificate))
        {
            await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync("/cluster/v1/ping"));
        }
        // And with no certificate at all.
        using (var client = ClusterPortClient.Create(primary.ClusterPort, authority, null))
        {
            await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync("/cluster/v1/ping"));
        }
        Assert.Equal("primary", (await primary.DrStatusAsync())["mode"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_secondary_serves_no_client_data_and_once_revoked_follows_the_primary_no_more()
    {
        await using var primary = await DrCluster.StartAsync();
        await using var secondary = await DrCluster.StartAsync(mountKv: false);
        var root = primary.RootToken;
        await primary.CliAsync(root, "kv", "put", "secret/app", "password=s3cret");
        await secondary.EnableSecondaryAsync(await primary.EnablePrimaryAndMintTokenAsync("dr-revoked"), primary);
        await secondary.WaitInSyncWithAsync(primary);

        // (e) The secondary holds the data, but no client reads or writes it, not with the primary's root token either.
        using (var client = TestHttp.Client(secondary.Address, root))
        {
            foreach (var (method, path, body) in new[]
                     {
                         ("GET", "/v1/secret/data/app", (string?)null),
                         ("POST", "/v1/secret/data/app", """{"data":{"password":"overwritten"}}"""),
                         ("DELETE", "/v1/secret/data/app", null),
                         ("LIST", "/v1/secret/metadata/", null),
                         ("POST", "/v1/sys/mounts/other", """{"type":"kv"}"""),
                         ("GET", "/v1/auth/token/lookup-self", null),
                     })
            {
                using var response = await client.SendAsync(TestHttp.Request(method, path, body));
                Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
                Assert.Equal([GateMessage], (await TestHttp.ReadJsonAsync(response))["errors"]!.AsArray().Select(e => e!.GetValue<string>()));
            }
        }
        var cli = await secondary.TryCliAsync(root, "kv", "put", "secret/app", "password=overwritten");
        Assert.NotEqual(0, cli.ExitCode);
        Assert.Contains(GateMessage, cli.Stderr);
        // The refused write changed nothing: the primary still has the old value and the roots still agree.
        Assert.Equal("s3cret", await primary.CliAsync(root, "kv", "get", "-field=password", "secret/app"));
        await secondary.WaitInSyncWithAsync(primary);

        // How long a write takes to reach the secondary while it is connected: the yardstick for "never" below.
        TimeSpan replicationTime;
        using (var client = TestHttp.Client(primary.Address, root))
        {
            var started = DateTime.UtcNow;
            using var write = await client.PostAsync("/v1/secret/data/before-revoke", TestHttp.Json("""{"data":{"value":"1"}}"""));
            write.EnsureSuccessStatusCode();
            await secondary.WaitInSyncWithAsync(primary);
            replicationTime = DateTime.UtcNow - started;
        }

        // (b) Revoked: the primary forgets it, the secondary loses its connection and what follows never reaches it.
        await primary.CliAsync(root, "write", "sys/replication/dr/primary/revoke-secondary", "id=dr-revoked");
        var afterRevoke = await primary.DrStatusAsync();
        Assert.DoesNotContain("dr-revoked", afterRevoke["known_secondaries"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.DoesNotContain("dr-revoked", afterRevoke["secondaries"]!.AsArray().Select(s => s!["node_id"]!.GetValue<string>()));
        await secondary.WaitForStatusAsync(s => s["connection_state"]!.GetValue<string>() != "ready" &&
                                                s["primaries"]!.AsArray().All(p => p!["connection_status"]!.GetValue<string>() == "disconnected"));
        var rootAtRevoke = (await secondary.DrStatusAsync())["merkle_root"]!.GetValue<string>();

        await primary.CliAsync(root, "kv", "put", "secret/after-revoke", "value=2");
        var primaryAfterWrite = await primary.DrStatusAsync();
        var window = TimeSpan.FromSeconds(2) + replicationTime * 10;
        var until = DateTime.UtcNow + window;
        while (DateTime.UtcNow < until)
        {
            var status = await secondary.DrStatusAsync();
            Assert.True(status["last_remote_wal"]!.GetValue<ulong>() < primaryAfterWrite["last_wal"]!.GetValue<ulong>(),
                $"a write made after the revocation reached the revoked secondary: {status.ToJsonString()}");
            Assert.Equal(rootAtRevoke, status["merkle_root"]!.GetValue<string>());
            Assert.NotEqual("ready", status["connection_state"]!.GetValue<string>());
            await Task.Delay(100);
        }
        Assert.NotEqual(primaryAfterWrite["merkle_root"]!.GetValue<string>(), rootAtRevoke);
        Assert.DoesNotContain("dr-revoked", (await primary.DrStatusAsync())["known_secondaries"]!.AsArray().Select(n => n!.GetValue<string>()));

        // A restart does not help it back in: the stored credentials stay refused.
        await secondary.RestartAndUnsealAsync();
        until = DateTime.UtcNow + window;
        while (DateTime.UtcNow < until)
        {
            var status = await secondary.DrStatusAsync();
            Assert.Equal(rootAtRevoke, status["merkle_root"]!.GetValue<string>());
            Assert.NotEqual("ready", status["connection_state"]!.GetValue<string>());
            await Task.Delay(100);
        }
        Assert.Empty((await primary.DrStatusAsync())["secondaries"]!.AsArray());
    }

    [Fact]
    public async Task Reused_and_expired_activation_tokens_are_refused_and_leave_the_cluster_working()
    {
        await using var primary = await DrCluster.StartAsync(mountKv: false);
        await using var first = await DrCluster.StartAsync(mountKv: false);
        await using var second = await DrCluster.StartAsync();
        await second.CliAsync(second.RootToken, "kv", "put", "secret/own", "value=mine");

        // (c) A token already used by one secondary.
        var token = await primary.EnablePrimaryAndMintTokenAsync("dr-first");
        await first.EnableSecondaryAsync(token, primary);
        await first.WaitInSyncWithAsync(primary);
        await AssertRefusedAsync(second, token);

        // (d) A token that expired before it was used.
        var expiring = await primary.CliAsync(primary.RootToken, "write", "-field=token", "sys/replication/dr/primary/secondary-token",
            "id=dr-late", "ttl=2s");
        await Task.Delay(TimeSpan.FromSeconds(3));
        await AssertRefusedAsync(second, expiring);

        // The secondary that used the token legitimately is unaffected by the second attempt.
        await first.WaitInSyncWithAsync(primary);
        var view = await primary.WaitForStatusAsync(s => s["secondaries"]!.AsArray().Any(e =>
            e!["node_id"]!.GetValue<string>() == "dr-first" && e["connection_status"]!.GetValue<string>() == "connected"));
        Assert.DoesNotContain(view["secondaries"]!.AsArray(), e => e!["api_address"]!.GetValue<string>() == second.Address);
    }

    /// <summary>The enable fails with the unwrap error, and the cluster that tried it keeps its data, its root token and its role.</summary>
    private static async Task AssertRefusedAsync(DrCluster cluster, string activationToken)
    {
        using (var client = TestHttp.Client(cluster.Address, cluster.RootToken))
        {
            using var response = await client.PostAsync("/v1/sys/replication/dr/secondary/enable",
                TestHttp.Json(new JsonObject { ["token"] = activationToken }.ToJsonString()));
            var text = await response.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains(UnwrapError, text);
        }
        var cli = await cluster.TryCliAsync(cluster.RootToken, "write", "sys/replication/dr/secondary/enable", $"token={activationToken}");
        Assert.NotEqual(0, cli.ExitCode);
        Assert.Contains(UnwrapError, cli.Stderr);

        Assert.Equal("disabled", (await cluster.DrStatusAsync())["mode"]!.GetValue<string>());
        Assert.Contains("root", await cluster.CliAsync(cluster.RootToken, "token", "lookup", "-format=json"));
        Assert.Equal("mine", await cluster.CliAsync(cluster.RootToken, "kv", "get", "-field=value", "secret/own"));
        await cluster.CliAsync(cluster.RootToken, "kv", "put", "secret/still-writable", "value=yes");
    }
}
