using System.Text.Json.Nodes;
using Coffer.Integration.Tests.Database;
using Xunit.Abstractions;

namespace Coffer.Integration.Tests.Replication;

/// <summary>
/// An unplanned DR failover and the failback, on two real clusters through the CLI: the primary holds secrets,
/// tokens and leases (a short-lived token and a PostgreSQL credential), a writer loads it until it is SIGKILLed,
/// the secondary is promoted with a batch DR operation token minted on the primary beforehand, and takes over:
/// nothing it was seen to have is lost, what it has is a prefix of the writes, tokens work, expiries happen there.
/// Then the old primary returns, is demoted and rejoins as a secondary, and the roles are switched back.
/// </summary>
public sealed class DrFailoverDrillTests(ITestOutputHelper output)
{
    internal const string DrOpsPolicy = """
        path "sys/replication/dr/secondary/promote" { capabilities = ["update"] }
        path "sys/replication/dr/secondary/update-primary" { capabilities = ["update"] }
        path "sys/replication/dr/secondary/disable" { capabilities = ["update"] }
        """;

    /// <summary>Writes the <c>dr-ops</c> policy on <paramref name="cluster"/> (replicated with everything else).</summary>
    internal static async Task WriteDrOpsPolicyAsync(DrCluster cluster, string rootToken)
    {
        var file = Path.Combine(cluster.Server.Directory, "dr-ops.hcl");
        await File.WriteAllTextAsync(file, DrOpsPolicy);
        await cluster.CliAsync(rootToken, "policy", "write", "dr-ops", file);
    }

    /// <summary>A batch token allowed to run the DR-operation endpoints, as the runbook mints it.</summary>
    internal static Task<string> MintDrOperationTokenAsync(DrCluster cluster, string rootToken) =>
        cluster.CliAsync(rootToken, "token", "create", "-orphan", "-type=batch", "-policy=dr-ops", "-ttl=8h", "-field=token");

    private static async Task<JsonObject> LookupAsync(DrCluster cluster, string token) =>
        JsonNode.Parse(await cluster.CliAsync(token, "token", "lookup", "-format=json"))!["data"]!.AsObject();

    [Fact]
    public async Task Unplanned_failover_under_load_then_failback_and_switch_back()
    {
        await using var postgres = await PostgresServer.StartAsync();
        await using var oldPrimary = await DrCluster.StartAsync();
        await using var drSite = await DrCluster.StartAsync(mountKv: false);
        var root = oldPrimary.RootToken;

        // What the primary holds before the disaster: secrets, tokens with and without TTL, a database config.
        await oldPrimary.CliAsync(root, "kv", "put", "secret/app", "password=before-activation");
        var withTtl = await oldPrimary.CliAsync(root, "token", "create", "-policy=default", "-ttl=1h", "-field=token");
        var withoutTtl = await oldPrimary.CliAsync(root, "token", "create", "-policy=root", "-field=token");
        Assert.Equal(0, (await LookupAsync(oldPrimary, withoutTtl))["ttl"]!.GetValue<long>());
        await WriteDrOpsPolicyAsync(oldPrimary, root);
        var drOperationToken = await MintDrOperationTokenAsync(oldPrimary, root);

        await oldPrimary.CliAsync(root, "secrets", "enable", "database");
        await oldPrimary.CliAsync(root, "write", "database/config/pg", "plugin_name=postgresql-database-plugin",
            $"connection_url={postgres.ConnectionUrl}", "username=postgres", $"password={postgres.Password}", "allowed_roles=*");
        await oldPrimary.CliAsync(root, "write", "database/roles/short",
            "db_name=pg", "default_ttl=20s", "max_ttl=20s",
            "creation_statements=CREATE ROLE \"{{name}}\" WITH LOGIN PASSWORD '{{password}}' VALID UNTIL '{{expiration}}';");

        var activation = await oldPrimary.EnablePrimaryAndMintTokenAsync("dr-site");
        await drSite.EnableSecondaryAsync(activation, oldPrimary);
        await drSite.WaitInSyncWithAsync(oldPrimary);
        await oldPrimary.WaitForStatusAsync(s => s["secondaries"]!.AsArray().Any(e =>
            e!["connection_status"]!.GetValue<string>() == "connected" && e["lag_entries"]!.GetValue<string>() == "0"));

        // Short-lived credentials issued while the secondary streams, so they reach it by the WAL stream, not the bootstrap.
        var issuedNoEarlierThan = DateTime.UtcNow;
        var credentials = JsonNode.Parse(await oldPrimary.CliAsync(root, "read", "-format=json", "database/creds/short"))!;
        var leaseId = credentials["lease_id"]!.GetValue<string>();
        var dbUser = credentials["data"]!["username"]!.GetValue<string>();
        Assert.Null(await postgres.TryLoginAsync(dbUser, credentials["data"]!["password"]!.GetValue<string>()));
        var shortToken = JsonNode.Parse(await oldPrimary.CliAsync(root, "token", "create", "-policy=default", "-ttl=20s", "-format=json"))!["auth"]!;
        var shortTokenValue = shortToken["client_token"]!.GetValue<string>();
        var shortAccessor = shortToken["accessor"]!.GetValue<string>();
        var shortExpiry = DateTime.UtcNow.AddSeconds(20);
        await drSite.WaitInSyncWithAsync(oldPrimary);

        // The disaster: the primary dies in the middle of a stream of acknowledged writes.
        await using var writer = SequentialWriter.Start(oldPrimary, root, stopAtFirstFailure: true);
        await using var observer = CatchUpObserver.Start(oldPrimary, drSite, writer);
        await writer.WaitForAcknowledgedAsync(150);
        await oldPrimary.KillAsync();
        await writer.StopAsync();
        await observer.StopAsync();
        Assert.NotNull(writer.StoppedBy);
        Assert.True(DateTime.UtcNow < issuedNoEarlierThan.AddSeconds(20), "the drill took too long: the short-lived credentials expired before the primary died");
        var acknowledged = writer.Acknowledged;
        Assert.Equal(Enumerable.Range(1, acknowledged.Count), acknowledged);
        var seenCaughtUp = observer.CaughtUpWith;
        Assert.True(observer.Observations > 0, "the secondary was never seen caught up during the load");

        await drSite.CliAsync(null, "write", "sys/replication/dr/secondary/promote", $"dr_operation_token={drOperationToken}");
        var promoted = await drSite.DrStatusAsync();
        Assert.Equal("primary", promoted["mode"]!.GetValue<string>());

        // Writes on the new primary: a contiguous prefix of what was sent, holding all the secondary was seen to have.
        var present = await SequentialWriter.PresentKeysAsync(drSite, root);
        var prefixLength = present.Count;
        Assert.True(present.SequenceEqual(Enumerable.Range(1, prefixLength)),
            $"keys on the new primary are not a prefix k1..kM: {string.Join(',', present)}");
        Assert.True(prefixLength <= writer.Attempted, $"{prefixLength} keys but only {writer.Attempted} writes were ever sent");
        Assert.True(prefixLength >= seenCaughtUp.Count,
            $"lost writes: the secondary was seen holding {seenCaughtUp.Count} acknowledged writes, the new primary has {prefixLength}");
        output.WriteLine($"sent {writer.Attempted}, acknowledged {acknowledged.Count}, seen replicated {seenCaughtUp.Count} " +
                         $"({observer.Observations} observations), present on the new primary {prefixLength}");
        foreach (var n in new[] { 1, prefixLength / 2 + 1, prefixLength })
        {
            await SequentialWriter.AssertValueAsync(drSite, root, n);
        }

        // Tokens and secrets of the old primary work on the new one.
        Assert.Equal("before-activation", await drSite.CliAsync(withoutTtl, "kv", "get", "-field=password", "secret/app"));
        Assert.True((await LookupAsync(drSite, withTtl))["ttl"]!.GetValue<long>() > 0);
        Assert.Equal(0, (await LookupAsync(drSite, withoutTtl))["ttl"]!.GetValue<long>());
        await drSite.CliAsync(root, "kv", "put", "secret/app", "password=written-after-failover");

        // The new primary's expiry manager revokes the short token and the database credential when they run out.
        await WaitUntilAsync(async () => (await drSite.TryCliAsync(root, "token", "lookup", "-accessor", shortAccessor)).ExitCode != 0,
            shortExpiry.AddSeconds(20), "the short-TTL token was never revoked on the new primary");
        Assert.NotEqual(0, (await drSite.TryCliAsync(shortTokenValue, "token", "lookup")).ExitCode);
        await WaitUntilAsync(async () => !await postgres.RoleExistsAsync(dbUser),
            shortExpiry.AddSeconds(20), "the new primary never revoked the expired database lease (its PostgreSQL role still exists)");
        Assert.NotEqual(0, (await drSite.TryCliAsync(root, "lease", "lookup", leaseId)).ExitCode);

        // Failback, part 1: the old primary returns, is demoted before anything else, and rejoins as a secondary.
        await oldPrimary.StartAndUnsealAsync();
        Assert.Equal("primary", (await oldPrimary.DrStatusAsync())["mode"]!.GetValue<string>());
        await oldPrimary.CliAsync(root, "write", "-f", "sys/replication/dr/primary/demote");
        var demoted = await oldPrimary.DrStatusAsync();
        Assert.Equal("secondary", demoted["mode"]!.GetValue<string>());
        Assert.Equal("idle", demoted["state"]!.GetValue<string>());
        var rejoin = await drSite.MintTokenAsync(root, "old-primary");
        var rejoinOperationToken = await MintDrOperationTokenAsync(drSite, root);
        await oldPrimary.CliAsync(null, "write", "sys/replication/dr/secondary/update-primary",
            $"dr_operation_token={rejoinOperationToken}", $"token={rejoin}");
        await oldPrimary.WaitInSyncWithAsync(drSite);

        // Failback, part 2: switch the roles back; what each side wrote as primary survives on the other.
        await drSite.CliAsync(root, "kv", "put", "secret/written-on-dr-site", "value=b");
        await oldPrimary.WaitInSyncWithAsync(drSite);
        await drSite.CliAsync(root, "write", "-f", "sys/replication/dr/primary/demote");
        await oldPrimary.CliAsync(null, "write", "sys/replication/dr/secondary/promote", $"dr_operation_token={rejoinOperationToken}");
        Assert.Equal("primary", (await oldPrimary.DrStatusAsync())["mode"]!.GetValue<string>());
        Assert.Equal("b", await oldPrimary.CliAsync(root, "kv", "get", "-field=value", "secret/written-on-dr-site"));
        Assert.Equal("written-after-failover", await oldPrimary.CliAsync(root, "kv", "get", "-field=password", "secret/app"));
        Assert.Equal(present, await SequentialWriter.PresentKeysAsync(oldPrimary, root));
        Assert.Equal(0, (await LookupAsync(oldPrimary, withoutTtl))["ttl"]!.GetValue<long>());

        await oldPrimary.CliAsync(root, "kv", "put", "secret/written-on-old-primary", "value=a");
        var back = await oldPrimary.MintTokenAsync(root, "dr-site-again");
        await drSite.CliAsync(null, "write", "sys/replication/dr/secondary/update-primary",
            $"dr_operation_token={rejoinOperationToken}", $"token={back}");
        await drSite.WaitInSyncWithAsync(oldPrimary);
        var written = JsonNode.Parse(await oldPrimary.CliAsync(root, "kv", "get", "-format=json", "secret/written-on-old-primary"))!;
        Assert.Equal("a", written["data"]!["data"]!["value"]!.GetValue<string>());
        var view = await oldPrimary.WaitForStatusAsync(s => s["secondaries"]!.AsArray().Any(e =>
            e!["node_id"]!.GetValue<string>() == "dr-site-again" && e["connection_status"]!.GetValue<string>() == "connected"));
        Assert.Contains("dr-site-again", view["known_secondaries"]!.AsArray().Select(n => n!.GetValue<string>()));
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, DateTime deadline, string message)
    {
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, message);
            await Task.Delay(250);
        }
    }
}
