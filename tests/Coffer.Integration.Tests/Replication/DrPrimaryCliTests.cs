using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Coffer.Integration.Tests.Infrastructure;

namespace Coffer.Integration.Tests.Replication;

/// <summary>
/// A real server on SQLite made a DR primary through the CLI: activation token wrapping, status fed by the
/// replication log in the server's storage stack, and revocation reaching the cluster port.
/// </summary>
public sealed class DrPrimaryCliTests : IClassFixture<CliSession>
{
    private readonly CliSession _session;

    public DrPrimaryCliTests(CliSession session) => _session = session;

    private async Task<JsonObject> DrStatusAsync() =>
        (await _session.RootJsonAsync("read", "-format=json", "sys/replication/dr/status"))["data"]!.AsObject();

    [Fact]
    public async Task Enable_mint_a_wrapped_token_watch_status_and_revoke()
    {
        var enable = await _session.RunAsync(["write", "-f", "sys/replication/dr/primary/enable"], _session.RootToken, _session.Server.Directory);
        Assert.True(enable.ExitCode == 0, enable.Stdout + enable.Stderr);

        var enabled = await DrStatusAsync();
        Assert.Equal("primary", enabled["mode"]!.GetValue<string>());
        Assert.Equal("running", enabled["state"]!.GetValue<string>());
        var root = enabled["merkle_root"]!.GetValue<string>();
        Assert.Matches("^[0-9a-f]{40}$", root);

        // A non-sudo token that may write everything under sys/replication/ is still refused the activation token.
        var policyFile = Path.Combine(_session.Server.Directory, "repl.hcl");
        await File.WriteAllTextAsync(policyFile, "path \"sys/replication/*\" { capabilities = [\"create\", \"update\", \"read\"] }\n");
        await _session.RootAsync("policy", "write", "repl-no-sudo", policyFile);
        var limited = await _session.RootFieldAsync("token", "create", "-field=token", "-policy=repl-no-sudo");
        var refused = await _session.RunAsync(["write", "-field=wrapping_token", "sys/replication/dr/primary/secondary-token", "id=dr-east"], limited,
            _session.NewHome());
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("permission denied", refused.Stderr);

        // The runbook's command, verbatim: -field=token prints the wrapping token of a wrapped answer.
        var wrappingToken = await _session.RootFieldAsync("write", "-field=token", "-f", "sys/replication/dr/primary/secondary-token");
        Assert.Matches(@"^\S+$", wrappingToken);
        var secondaryId = (await DrStatusAsync())["known_secondaries"]!.AsArray().Single()!.GetValue<string>();

        // The wrapping token unwraps (once) to the secondary's bundle.
        var bundle = (await _session.RootJsonAsync("unwrap", "-format=json", wrappingToken))["data"]!.AsObject();
        Assert.Equal(secondaryId, bundle["secondary_id"]!.GetValue<string>());
        Assert.StartsWith("eyJhbGciOiJFUzUxMiIs", bundle["activation_token"]!.GetValue<string>());
        var again = await _session.RunAsync(["unwrap", wrappingToken], _session.RootToken, _session.Server.Directory);
        Assert.NotEqual(0, again.ExitCode);

        var beforeWrite = await DrStatusAsync();
        await _session.RootAsync("kv", "put", "secret/dr-app", "password=s3cret");
        var afterWrite = await DrStatusAsync();
        Assert.True(afterWrite["last_wal"]!.GetValue<ulong>() > beforeWrite["last_wal"]!.GetValue<ulong>());
        Assert.Matches("^[0-9a-f]{40}$", afterWrite["merkle_root"]!.GetValue<string>());
        Assert.NotEqual(beforeWrite["merkle_root"]!.GetValue<string>(), afterWrite["merkle_root"]!.GetValue<string>());

        // The issued certificate opens the cluster port until the secondary is revoked.
        var clusterPort = _session.Server.Port + 1;
        using var authority = X509Certificate2.CreateFromPem(bundle["ca_certificate"]!.GetValue<string>());
        using var client = X509Certificate2.CreateFromPem(bundle["client_certificate"]!.GetValue<string>(), bundle["client_private_key"]!.GetValue<string>());
        using (var http = ClusterPortClient.Create(clusterPort, authority, client))
        {
            using var ping = await http.GetAsync("/cluster/v1/ping");
            Assert.Equal(HttpStatusCode.OK, ping.StatusCode);
        }

        await _session.RootAsync("write", "sys/replication/dr/primary/revoke-secondary", $"id={secondaryId}");
        Assert.Empty((await DrStatusAsync())["known_secondaries"]!.AsArray());
        using (var http = ClusterPortClient.Create(clusterPort, authority, client))
        {
            await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync("/cluster/v1/ping"));
        }
    }
}
