namespace Coffer.Integration.Tests.Replication;

/// <summary>
/// The seed's DR runbook, command by command through the CLI on two clusters on loopback: enable the primary, mint
/// an activation token, activate the secondary, watch it stream, promote it with a DR operation token generated
/// from the primary's unseal keys, and find the primary's secrets and tokens there.
/// </summary>
public sealed class DrRunbookCliTests
{
    [Fact]
    public async Task Enable_activate_stream_and_promote_with_a_generated_dr_operation_token()
    {
        await using var primary = await DrCluster.StartAsync(shares: 3, threshold: 2);
        await using var secondary = await DrCluster.StartAsync(mountKv: false);
        await primary.CliAsync(primary.RootToken, "kv", "put", "secret/app", "password=before-activation");
        var appToken = await primary.CliAsync(primary.RootToken, "token", "create", "-field=token", "-policy=default", "-ttl=1h");

        await primary.CliAsync(primary.RootToken, "write", "-f", "sys/replication/dr/primary/enable");
        var activation = await primary.CliAsync(primary.RootToken, "write", "-field=token", "-f", "sys/replication/dr/primary/secondary-token");
        Assert.StartsWith("eyJ", activation);
        await secondary.EnableSecondaryAsync(activation, primary);

        await primary.CliAsync(primary.RootToken, "kv", "put", "secret/app", "password=after-activation");
        await secondary.WaitInSyncWithAsync(primary);
        var status = await secondary.CliAsync(null, "read", "-format=json", "sys/replication/dr/status");
        Assert.Contains("\"mode\": \"secondary\"", status);
        Assert.Contains("\"connection_state\": \"ready\"", status);
        var primaryView = await primary.WaitForStatusAsync(s => s["secondaries"]!.AsArray().Any(e => e!["connection_status"]!.GetValue<string>() == "connected"));
        Assert.Equal(secondary.Address, primaryView["secondaries"]![0]!["api_address"]!.GetValue<string>());

        // A DR secondary serves no client data, not even to the primary's root token.
        var refused = await secondary.TryCliAsync(primary.RootToken, "kv", "get", "secret/app");
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("path disabled in replication DR secondary mode", refused.Stderr);

        // DR operation token from two of the primary's three unseal key shares, as Vault's runbook does it.
        var otp = await secondary.CliAsync(null, "operator", "generate-root", "-dr-token", "-generate-otp");
        var init = await secondary.CliAsync(null, "operator", "generate-root", "-dr-token", "-init", $"-otp={otp}", "-format=json");
        var nonce = System.Text.Json.Nodes.JsonNode.Parse(init)!["nonce"]!.GetValue<string>();
        await secondary.CliAsync(null, "operator", "generate-root", "-dr-token", $"-nonce={nonce}", primary.Server.UnsealKeys[0]);
        var last = await secondary.CliAsync(null, "operator", "generate-root", "-dr-token", "-format=json", $"-nonce={nonce}", primary.Server.UnsealKeys[1]);
        var encoded = System.Text.Json.Nodes.JsonNode.Parse(last)!["encoded_token"]!.GetValue<string>();
        var operationToken = await secondary.CliAsync(null, "operator", "generate-root", "-dr-token", $"-decode={encoded}", $"-otp={otp}");

        await secondary.CliAsync(null, "write", "-f", "sys/replication/dr/secondary/promote", $"dr_operation_token={operationToken}");
        var promoted = await secondary.DrStatusAsync();
        Assert.Equal("primary", promoted["mode"]!.GetValue<string>());
        Assert.Equal("after-activation", await secondary.CliAsync(primary.RootToken, "kv", "get", "-field=password", "secret/app"));
        Assert.Contains("default", await secondary.CliAsync(appToken, "token", "lookup", "-format=json"));
        await secondary.CliAsync(primary.RootToken, "kv", "put", "secret/app", "password=written-on-the-new-primary");
    }

    /// <summary>
    /// The encrypted activation, for a secondary that cannot reach the primary's API: its public key goes to the
    /// primary, which encrypts the token to it; enabling needs the cluster port only (the API address given here
    /// is closed, so an unwrap would fail).
    /// </summary>
    [Fact]
    public async Task A_token_encrypted_to_the_secondarys_public_key_activates_it_through_the_cluster_port_alone()
    {
        await using var primary = await DrCluster.StartAsync();
        await using var secondary = await DrCluster.StartAsync(mountKv: false);
        await primary.CliAsync(primary.RootToken, "kv", "put", "secret/app", "password=sealed-activation");
        await primary.CliAsync(primary.RootToken, "write", "-f", "sys/replication/dr/primary/enable");

        var publicKey = await secondary.CliAsync(secondary.RootToken, "write", "-field=secondary_public_key", "-f",
            "sys/replication/dr/secondary/generate-public-key");
        var token = await primary.CliAsync(primary.RootToken, "write", "-field=token", "sys/replication/dr/primary/secondary-token",
            "id=dr-sealed", $"secondary_public_key={publicKey}");
        Assert.StartsWith("coffer-dr-sealed.", token);

        await secondary.CliAsync(secondary.RootToken, "write", "sys/replication/dr/secondary/enable", $"token={token}",
            "primary_api_addr=http://127.0.0.1:1");
        secondary.Server.UnsealKeys.Clear();
        secondary.Server.UnsealKeys.AddRange(primary.Server.UnsealKeys);
        await secondary.WaitInSyncWithAsync(primary);
        await secondary.RestartAndUnsealAsync();
        await primary.CliAsync(primary.RootToken, "kv", "put", "secret/app", "password=after-restart");
        await secondary.WaitInSyncWithAsync(primary);
    }

    /// <summary>A stuck link restarted by hand through the CLI: <c>recover</c> on the primary, and on the secondary with a DR operation token.</summary>
    [Fact]
    public async Task Recover_restarts_the_link_from_either_side()
    {
        await using var primary = await DrCluster.StartAsync();
        await using var secondary = await DrCluster.StartAsync(mountKv: false);
        var root = primary.RootToken;
        var policy = Path.Combine(primary.Server.Directory, "dr-recover.hcl");
        await File.WriteAllTextAsync(policy, """path "sys/replication/dr/secondary/recover" { capabilities = ["update"] }""");
        await primary.CliAsync(root, "policy", "write", "dr-recover", policy);
        var operationToken = await primary.CliAsync(root, "token", "create", "-orphan", "-type=batch", "-policy=dr-recover", "-ttl=1h", "-field=token");
        await secondary.EnableSecondaryAsync(await primary.EnablePrimaryAndMintTokenAsync("dr-recovered"), primary);
        await secondary.WaitInSyncWithAsync(primary);

        var onPrimary = await primary.TryCliAsync(root, "write", "-f", "sys/replication/recover");
        Assert.Equal(0, onPrimary.ExitCode);
        Assert.Contains("every secondary stream was ended", onPrimary.Stdout + onPrimary.Stderr);
        await primary.CliAsync(root, "kv", "put", "secret/after", "n=1");
        await secondary.WaitInSyncWithAsync(primary);

        var onSecondary = await secondary.TryCliAsync(null, "write", "sys/replication/dr/secondary/recover", $"dr_operation_token={operationToken}");
        Assert.Equal(0, onSecondary.ExitCode);
        Assert.Contains("the replication client restarted", onSecondary.Stdout + onSecondary.Stderr);
        await primary.CliAsync(root, "kv", "put", "secret/after", "n=2");
        await secondary.WaitInSyncWithAsync(primary);
    }
}
