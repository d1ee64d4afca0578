using System.Text.Json.Nodes;
using Coffer.Cli.Tests.Support;

namespace Coffer.Cli.Tests;

public class SecretsCommandTests
{
    private const string MountsTable = """
        {"request_id":"r","data":{
          "secret/":{"type":"kv","description":"key/value secret storage","accessor":"kv_1a2b3c4d","local":false,"seal_wrap":false,
                     "external_entropy_access":false,"options":{"version":"2"},"uuid":"u-2","plugin_version":"",
                     "running_plugin_version":"v0.1.0+builtin.coffer","running_sha256":"","deprecation_status":"supported",
                     "config":{"default_lease_ttl":3600,"max_lease_ttl":0,"force_no_cache":false}},
          "sys/":{"type":"system","description":"system endpoints","accessor":"system_5e6f7a8b","local":false,"seal_wrap":false,
                  "external_entropy_access":false,"options":null,"uuid":"u-1","config":{"default_lease_ttl":0,"max_lease_ttl":0}}}}
        """;

    [Fact]
    public async Task TheSeedCommandEnablesALocalVersionedKvAtItsPath()
    {
        await using var server = FakeVaultServer.Start().Respond("POST", "/v1/sys/mounts/kv-local", 204);

        var result = await CliRun.AgainstAsync(server, "secrets", "enable", "-path=kv-local", "-version=2", "-local", "kv");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("Success! Enabled the kv secrets engine at: kv-local/", result.Stdout.TrimEnd());
        Assert.Equal(
            """{"type":"kv","description":"","config":{},"local":true,"seal_wrap":false,"external_entropy_access":false,"options":{"version":"2"}}""",
            server.SingleRequest().Body);
    }

    [Fact]
    public async Task EnableWithEverySetting()
    {
        await using var server = FakeVaultServer.Start().Respond("POST", "/v1/sys/mounts/team", 204);

        var result = await CliRun.AgainstAsync(server,
            "secrets", "enable", "-path=team/", "-description=Team data", "-default-lease-ttl=1h", "-max-lease-ttl=2h",
            "-audit-non-hmac-request-keys=user", "-audit-non-hmac-request-keys=role", "-audit-non-hmac-response-keys=colour",
            "-listing-visibility=unauth", "-passthrough-request-headers=X-A", "-allowed-response-headers=X-B",
            "-plugin-version=", "-force-no-cache", "-seal-wrap", "-external-entropy-access", "-options=foo=bar", "transit");

        Assert.Equal(0, result.ExitCode);
        var body = JsonNode.Parse(server.SingleRequest().Body)!.AsObject();
        Assert.Equal("transit", body["type"]!.GetValue<string>());
        Assert.Equal("Team data", body["description"]!.GetValue<string>());
        Assert.Equal(
            """{"default_lease_ttl":"1h0m0s","max_lease_ttl":"2h0m0s","force_no_cache":true,"audit_non_hmac_request_keys":["user","role"],"audit_non_hmac_response_keys":["colour"],"listing_visibility":"unauth","passthrough_request_headers":["X-A"],"allowed_response_headers":["X-B"],"plugin_version":""}""",
            body["config"]!.ToJsonString());
        Assert.True(body["seal_wrap"]!.GetValue<bool>());
        Assert.True(body["external_entropy_access"]!.GetValue<bool>());
        Assert.Equal("""{"foo":"bar"}""", body["options"]!.ToJsonString());
    }

    [Fact]
    public async Task EnableFailureIsExitTwoWithVaultsPrefix()
    {
        await using var server = FakeVaultServer.Start().Respond("POST", "/v1/sys/mounts/kv", 400, """{"errors":["path is already in use at kv/"]}""");

        var result = await CliRun.AgainstAsync(server, "secrets", "enable", "kv");

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("Error enabling: Error making API request.", result.Stderr);
        Assert.Contains("path is already in use at kv/", result.Stderr);
    }

    [Fact]
    public async Task EnableNeedsExactlyOneType()
    {
        Assert.Equal(1, (await CliRun.RunAsync(["secrets", "enable"])).ExitCode);
        Assert.Equal(1, (await CliRun.RunAsync(["secrets", "enable", "kv", "transit"])).ExitCode);
    }

    [Fact]
    public async Task DisableDeletesThePath()
    {
        await using var server = FakeVaultServer.Start().Respond("DELETE", "/v1/sys/mounts/old", 204);

        var result = await CliRun.AgainstAsync(server, "secrets", "disable", "old/");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("Success! Disabled the secrets engine (if it existed) at: old/", result.Stdout.TrimEnd());
        Assert.Equal("DELETE", server.SingleRequest().Method);
    }

    [Fact]
    public async Task TuneSendsOnlyTheGivenSettingsAndVersion()
    {
        await using var server = FakeVaultServer.Start().Respond("POST", "/v1/sys/mounts/secret/tune", 204);

        var result = await CliRun.AgainstAsync(server,
            "secrets", "tune", "-default-lease-ttl=-1", "-max-lease-ttl=10m", "-description=d", "-listing-visibility=hidden",
            "-audit-non-hmac-response-keys=a", "-version=2", "secret");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("Success! Tuned the secrets engine at: secret/", result.Stdout.TrimEnd());
        Assert.Equal(
            """{"default_lease_ttl":"system","max_lease_ttl":"10m0s","description":"d","audit_non_hmac_response_keys":["a"],"listing_visibility":"hidden","options":{"version":"2"}}""",
            server.SingleRequest().Body);
    }

    [Fact]
    public async Task TuneFailureIsExitTwo()
    {
        await using var server = FakeVaultServer.Start().Respond("POST", "/v1/sys/mounts/secret/tune", 400, """{"errors":["cannot downgrade mount from version 2"]}""");

        var result = await CliRun.AgainstAsync(server, "secrets", "tune", "-version=1", "secret");

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("Error tuning secrets engine secret/: Error making API request.", result.Stderr);
        Assert.Contains("cannot downgrade mount from version 2", result.Stderr);
    }

    [Fact]
    public async Task ListShowsVaultsTable()
    {
        await using var server = FakeVaultServer.Start().Respond("GET", "/v1/sys/mounts", 200, MountsTable);

        var result = await CliRun.AgainstAsync(server, "secrets", "list");

        Assert.Equal(0, result.ExitCode);
        var lines = result.Stdout.TrimEnd().Split('\n');
        Assert.Matches(@"^Path\s+Type\s+Accessor\s+Description$", lines[0]);
        Assert.Matches(@"^secret/\s+kv\s+kv_1a2b3c4d\s+key/value secret storage$", lines[2]);
        Assert.Matches(@"^sys/\s+system\s+system_5e6f7a8b\s+system endpoints$", lines[3]);
    }

    [Fact]
    public async Task ListDetailedShowsTtlsReplicationOptionsAndVersions()
    {
        await using var server = FakeVaultServer.Start().Respond("GET", "/v1/sys/mounts", 200, MountsTable);

        var result = await CliRun.AgainstAsync(server, "secrets", "list", "-detailed");

        Assert.Equal(0, result.ExitCode);
        var lines = result.Stdout.TrimEnd().Split('\n');
        Assert.StartsWith("Path", lines[0]);
        Assert.Contains("Deprecation Status", lines[0]);
        Assert.Matches(@"^secret/\s+kv\s+kv_1a2b3c4d\s+3600\s+system\s+false\s+replicated\s+false\s+false\s+map\[version:2\]\s+key/value secret storage\s+u-2\s+n/a\s+v0\.1\.0\+builtin\.coffer\s+n/a\s+supported$", lines[2]);
        Assert.Matches(@"^sys/\s+system\s+system_5e6f7a8b\s+n/a\s+n/a\s+false\s+replicated\s+false\s+false\s+map\[\]\s+system endpoints\s+u-1\s+n/a\s+n/a\s+n/a\s+n/a$", lines[3]);
    }

    [Fact]
    public async Task ListAsJsonIsTheRawMap()
    {
        await using var server = FakeVaultServer.Start().Respond("GET", "/v1/sys/mounts", 200, MountsTable);

        var result = await CliRun.AgainstAsync(server, "secrets", "list", "-format=json");

        Assert.Equal(0, result.ExitCode);
        var map = JsonNode.Parse(result.Stdout)!.AsObject();
        Assert.Equal("kv", map["secret/"]!["type"]!.GetValue<string>());
        Assert.Equal("2", map["secret/"]!["options"]!["version"]!.GetValue<string>());
    }

    [Fact]
    public async Task MoveStartsAndWaitsForTheMigration()
    {
        await using var server = FakeVaultServer.Start()
            .Respond("POST", "/v1/sys/remount", 200, """{"data":{"migration_id":"m-1"}}""")
            .Respond("GET", "/v1/sys/remount/status/m-1", 200,
                """{"data":{"migration_id":"m-1","migration_info":{"source_mount":"old/","target_mount":"new/","status":"success"}}}""");

        var result = await CliRun.AgainstAsync(server, "secrets", "move", "old", "new/");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Started moving secrets engine old/ to new/, with migration ID m-1", result.Stdout);
        Assert.Contains("Success! Finished moving secrets engine old/ to new/, with migration ID m-1", result.Stdout);
        Assert.Equal("""{"from":"old/","to":"new/"}""", server.Requests[0].Body);
    }

    [Fact]
    public async Task AFailedMoveIsExitTwo()
    {
        await using var server = FakeVaultServer.Start()
            .Respond("POST", "/v1/sys/remount", 200, """{"data":{"migration_id":"m-2"}}""")
            .Respond("GET", "/v1/sys/remount/status/m-2", 200,
                """{"data":{"migration_id":"m-2","migration_info":{"source_mount":"a/","target_mount":"b/","status":"failure"}}}""");

        var result = await CliRun.AgainstAsync(server, "secrets", "move", "a", "b");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Failure! Error encountered moving secrets engine a/ to b/, with migration ID m-2", result.Stderr);
    }

    [Fact]
    public async Task ARefusedMoveIsExitTwo()
    {
        await using var server = FakeVaultServer.Start().Respond("POST", "/v1/sys/remount", 400, """{"errors":["cannot remount 'sys/'"]}""");

        var result = await CliRun.AgainstAsync(server, "secrets", "move", "sys", "x");

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("Error moving secrets engine sys/ to x/: Error making API request.", result.Stderr);
    }

    [Fact]
    public async Task AuthTuneTakesTheSharedSettingsAndTokenType()
    {
        await using var server = FakeVaultServer.Start().Respond("POST", "/v1/sys/auth/people/tune", 204);

        var result = await CliRun.AgainstAsync(server, "auth", "tune", "-audit-non-hmac-request-keys=username", "-token-type=batch", "people");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("""{"audit_non_hmac_request_keys":["username"],"token_type":"batch"}""", server.SingleRequest().Body);
    }
}
