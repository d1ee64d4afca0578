using System.Text.Json.Nodes;
using Coffer.Cli.Tests.Support;

namespace Coffer.Cli.Tests;

public class LeaseCommandTests
{
    private const string LeaseId = "database/creds/readonly/IQKUMCTg3M5QTRZ0abmLKjTX";

    private const string LookupEnvelope = """
        {"request_id":"r1","lease_id":"","renewable":false,"lease_duration":0,"data":{
          "expire_time":"2030-01-01T13:00:00Z","id":"database/creds/readonly/IQKUMCTg3M5QTRZ0abmLKjTX",
          "issue_time":"2030-01-01T12:00:00Z","last_renewal":null,"renewable":true,"ttl":3599},
         "wrap_info":null,"warnings":null,"auth":null}
        """;

    private const string RenewEnvelope = """
        {"request_id":"r2","lease_id":"database/creds/readonly/IQKUMCTg3M5QTRZ0abmLKjTX","renewable":true,
         "lease_duration":3600,"data":null,"wrap_info":null,"warnings":null,"auth":null}
        """;

    [Fact]
    public async Task LookupSendsTheIdInTheBodyAndPrintsTheTimes()
    {
        await using var server = FakeVaultServer.Start().Respond("PUT", "/v1/sys/leases/lookup", 200, LookupEnvelope);

        var result = await CliRun.AgainstAsync(server, "lease", "lookup", LeaseId);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal($$"""{"lease_id":"{{LeaseId}}"}""", server.SingleRequest().Body);
        Assert.Contains("expire_time     2030-01-01T13:00:00Z", result.Stdout);
        Assert.Contains("last_renewal    <nil>", result.Stdout);
        Assert.Contains("renewable       true", result.Stdout);
        Assert.Contains("ttl             59m59s", result.Stdout);
    }

    [Fact]
    public async Task LookupFieldAndJson()
    {
        await using var server = FakeVaultServer.Start().Respond("PUT", "/v1/sys/leases/lookup", 200, LookupEnvelope);

        var field = await CliRun.AgainstAsync(server, "lease", "lookup", "-field=id", LeaseId);
        var json = await CliRun.AgainstAsync(server, "lease", "lookup", "-format=json", LeaseId);

        Assert.Equal(LeaseId, field.Stdout);
        Assert.Equal(3599, JsonNode.Parse(json.Stdout)!["data"]!["ttl"]!.GetValue<long>());
    }

    [Fact]
    public async Task LookupOfAnUnknownLeaseIsExitTwo()
    {
        await using var server = FakeVaultServer.Start().Respond("PUT", "/v1/sys/leases/lookup", 400, """{"errors":["invalid lease"]}""");

        var result = await CliRun.AgainstAsync(server, "lease", "lookup", "nope/x");

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("error looking up lease id nope/x: ", result.Stderr);
        Assert.Contains("* invalid lease", result.Stderr);
    }

    [Theory]
    [InlineData("lookup")]
    [InlineData("renew")]
    public async Task LookupAndRenewNeedAnId(string command)
    {
        await using var server = FakeVaultServer.Start();

        var missing = await CliRun.AgainstAsync(server, "lease", command);
        var tooMany = await CliRun.AgainstAsync(server, "lease", command, "a", "b");

        Assert.Equal(1, missing.ExitCode);
        Assert.Equal("Missing ID!", missing.Stderr.TrimEnd());
        Assert.Equal(1, tooMany.ExitCode);
        Assert.Equal(command == "lookup" ? "Too many arguments (expected 1, got 2)" : "Too many arguments (expected 1-2, got 2)",
            tooMany.Stderr.TrimEnd());
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task RenewSendsTheIncrementInSecondsAndPrintsTheLease()
    {
        await using var server = FakeVaultServer.Start().Respond("PUT", "/v1/sys/leases/renew", 200, RenewEnvelope);

        var result = await CliRun.AgainstAsync(server, "lease", "renew", "-increment=1h", LeaseId);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal($$"""{"increment":3600,"lease_id":"{{LeaseId}}"}""", server.SingleRequest().Body);
        Assert.Contains($"lease_id           {LeaseId}", result.Stdout);
        Assert.Contains("lease_duration     1h", result.Stdout);
        Assert.Contains("lease_renewable    true", result.Stdout);
    }

    [Fact]
    public async Task RenewOfANonRenewableLeaseIsExitTwo()
    {
        await using var server = FakeVaultServer.Start().Respond("PUT", "/v1/sys/leases/renew", 400, """{"errors":["lease is not renewable"]}""");

        var result = await CliRun.AgainstAsync(server, "lease", "renew", LeaseId);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith($"Error renewing {LeaseId}: ", result.Stderr);
        Assert.Equal($$"""{"increment":0,"lease_id":"{{LeaseId}}"}""", server.SingleRequest().Body);
    }

    [Fact]
    public async Task RevokeQueuesByDefault()
    {
        await using var server = FakeVaultServer.Start().Respond("PUT", "/v1/sys/leases/revoke/" + LeaseId, 202);

        var result = await CliRun.AgainstAsync(server, "lease", "revoke", LeaseId);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("""{"sync":false}""", server.SingleRequest().Body);
        Assert.Equal("All revocation operations queued successfully!", result.Stdout.TrimEnd());
    }

    [Fact]
    public async Task RevokeSyncAndPrefix()
    {
        await using var server = FakeVaultServer.Start()
            .Respond("PUT", "/v1/sys/leases/revoke/" + LeaseId, 204)
            .Respond("PUT", "/v1/sys/leases/revoke-prefix/database/creds", 204);

        var single = await CliRun.AgainstAsync(server, "lease", "revoke", "-sync", LeaseId);
        var prefix = await CliRun.AgainstAsync(server, "lease", "revoke", "-sync", "-prefix", "database/creds");
        var queued = await CliRun.AgainstAsync(server, "lease", "revoke", "-prefix", "database/creds");

        Assert.Equal($"Success! Revoked lease: {LeaseId}", single.Stdout.TrimEnd());
        Assert.Equal("Success! Revoked any leases with prefix: database/creds", prefix.Stdout.TrimEnd());
        Assert.Equal("All revocation operations queued successfully!", queued.Stdout.TrimEnd());
        Assert.Equal(["""{"sync":true}""", """{"sync":true}""", """{"sync":false}"""], server.Requests.Select(r => r.Body));
    }

    [Fact]
    public async Task RevokeForceNeedsPrefixWarnsAndSendsNoBody()
    {
        await using var server = FakeVaultServer.Start().Respond("PUT", "/v1/sys/leases/revoke-force/database/creds", 204);

        var refused = await CliRun.AgainstAsync(server, "lease", "revoke", "-force", "database/creds");
        var forced = await CliRun.AgainstAsync(server, "lease", "revoke", "-f", "-prefix", "database/creds");

        Assert.Equal(1, refused.ExitCode);
        Assert.Equal("Specifying -force requires also specifying -prefix", refused.Stderr.TrimEnd());
        Assert.Equal(0, forced.ExitCode);
        Assert.Contains("Warning! Force-removing leases can cause Vault to become out of sync with secret engines!", forced.Stderr);
        Assert.Equal("Success! Force revoked any leases with prefix: database/creds", forced.Stdout.TrimEnd());
        Assert.Equal("", server.SingleRequest().Body);
    }

    [Fact]
    public async Task RevokeFailuresNameWhatFailed()
    {
        await using var server = FakeVaultServer.Start()
            .Respond("PUT", "/v1/sys/leases/revoke/" + LeaseId, 400, """{"errors":["failed to revoke entry: database is down"]}""")
            .Respond("PUT", "/v1/sys/leases/revoke-prefix/database", 403, """{"errors":["permission denied"]}""")
            .Respond("PUT", "/v1/sys/leases/revoke-force/database", 403, """{"errors":["permission denied"]}""");

        var single = await CliRun.AgainstAsync(server, "lease", "revoke", "-sync", LeaseId);
        var prefix = await CliRun.AgainstAsync(server, "lease", "revoke", "-prefix", "database");
        var force = await CliRun.AgainstAsync(server, "lease", "revoke", "-force", "-prefix", "database");

        Assert.Equal(2, single.ExitCode);
        Assert.StartsWith($"Error revoking lease {LeaseId}: ", single.Stderr);
        Assert.StartsWith("Error revoking leases with prefix database: ", prefix.Stderr);
        Assert.Contains("Error force revoking leases with prefix database: ", force.Stderr);
        Assert.Equal(2, force.ExitCode);
    }

    [Fact]
    public async Task RevokeArgumentCounts()
    {
        await using var server = FakeVaultServer.Start();

        var none = await CliRun.AgainstAsync(server, "lease", "revoke");
        var two = await CliRun.AgainstAsync(server, "lease", "revoke", "a", "b");

        Assert.Equal("Not enough arguments (expected 1, got 0)", none.Stderr.TrimEnd());
        Assert.Equal("Too many arguments (expected 1, got 2)", two.Stderr.TrimEnd());
        Assert.Equal(1, none.ExitCode);
        Assert.Empty(server.Requests);
    }
}
