using System.Text.Json.Nodes;
using Coffer.Integration.Tests.Infrastructure;

namespace Coffer.Integration.Tests;

/// <summary>The <c>coffer</c> CLI driving a real server, the way an operator's runbook would.</summary>
public sealed class CliTests
{
    [Fact]
    public async Task OperatorRunbookInitUnsealStatusSeal()
    {
        await using var server = await ServerFixture.StartAsync();
        var env = new Dictionary<string, string> { ["VAULT_ADDR"] = server.Address };

        var uninitialized = await CofferProcess.RunCliAsync(["operator", "init", "-status"], env);
        Assert.Equal(2, uninitialized.ExitCode);

        var init = await CofferProcess.RunCliAsync(["operator", "init", "-key-shares=3", "-key-threshold=2", "-format=json"], env);
        Assert.Equal(0, init.ExitCode);
        var initJson = JsonNode.Parse(init.Stdout)!.AsObject();
        var keys = initJson["unseal_keys_b64"]!.AsArray().Select(k => k!.GetValue<string>()).ToList();
        var hexKeys = initJson["unseal_keys_hex"]!.AsArray().Select(k => k!.GetValue<string>()).ToList();
        var rootToken = initJson["root_token"]!.GetValue<string>();
        Assert.Equal(3, keys.Count);
        Assert.Equal(2, initJson["unseal_threshold"]!.GetValue<int>());

        var sealedStatus = await CofferProcess.RunCliAsync(["status"], env);
        Assert.Equal(2, sealedStatus.ExitCode);
        Assert.Matches(@"Sealed\s+true", sealedStatus.Stdout);

        var first = await CofferProcess.RunCliAsync(["operator", "unseal", keys[0]], env);
        Assert.Equal(0, first.ExitCode);
        Assert.Matches(@"Unseal Progress\s+1/2", first.Stdout);
        // The prompt form reads the key from standard input when it is not a terminal.
        var second = await CofferProcess.RunCliAsync(["operator", "unseal"], env, stdin: hexKeys[2] + "\n");
        Assert.Equal(0, second.ExitCode);
        Assert.Matches(@"Sealed\s+false", second.Stdout);

        var status = await CofferProcess.RunCliAsync(["status", "-format=json"], env);
        Assert.Equal(0, status.ExitCode);
        Assert.False(JsonNode.Parse(status.Stdout)!["sealed"]!.GetValue<bool>());

        var withToken = new Dictionary<string, string>(env) { ["VAULT_TOKEN"] = rootToken };
        var seal = await CofferProcess.RunCliAsync(["operator", "seal"], withToken);
        Assert.Equal(0, seal.ExitCode);
        Assert.Contains("Success! Vault is sealed.", seal.Stdout);
        Assert.Equal(2, (await CofferProcess.RunCliAsync(["status"], env)).ExitCode);
    }

    [Fact]
    public async Task ReadWriteListDeleteWithEveryInputForm()
    {
        await using var server = await ServerFixture.StartAsync();
        await server.ReadyAsync();
        var env = new Dictionary<string, string> { ["COFFER_ADDR"] = server.Address, ["COFFER_TOKEN"] = server.RootToken!, ["VAULT_ADDR"] = "http://127.0.0.1:1" };

        var write = await CofferProcess.RunCliAsync(["write", "secret/app", "user=alice", "port=5432"], env);
        Assert.Equal(0, write.ExitCode);
        Assert.Contains("Success! Data written to: secret/app", write.Stdout);

        var field = await CofferProcess.RunCliAsync(["read", "-field=user", "secret/app"], env);
        Assert.Equal((0, "alice"), (field.ExitCode, field.Stdout.TrimEnd('\n')));

        var json = await CofferProcess.RunCliAsync(["read", "-format=json", "secret/app"], env);
        Assert.Equal("5432", JsonNode.Parse(json.Stdout)!["data"]!["port"]!.GetValue<string>());

        var file = Path.Combine(server.Directory, "cert.pem");
        await File.WriteAllTextAsync(file, "-----BEGIN TEST-----");
        Assert.Equal(0, (await CofferProcess.RunCliAsync(["write", "secret/files/cert", $"pem=@{file}"], env)).ExitCode);
        Assert.Equal("-----BEGIN TEST-----", (await CofferProcess.RunCliAsync(["read", "-field=pem", "secret/files/cert"], env)).Stdout.TrimEnd('\n'));

        Assert.Equal(0, (await CofferProcess.RunCliAsync(["write", "secret/files/stdin", "-"], env, stdin: """{"from":"stdin","n":3}""")).ExitCode);
        Assert.Equal("stdin", (await CofferProcess.RunCliAsync(["read", "-field=from", "secret/files/stdin"], env)).Stdout.TrimEnd('\n'));

        var list = await CofferProcess.RunCliAsync(["list", "secret/files"], env);
        Assert.Equal(0, list.ExitCode);
        Assert.Contains("cert", list.Stdout);
        Assert.Contains("stdin", list.Stdout);

        var noData = await CofferProcess.RunCliAsync(["write", "secret/empty"], env);
        Assert.NotEqual(0, noData.ExitCode);

        Assert.Equal(0, (await CofferProcess.RunCliAsync(["delete", "secret/app"], env)).ExitCode);
        var missing = await CofferProcess.RunCliAsync(["read", "secret/app"], env);
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("No value found at secret/app", missing.Stderr);

        var denied = await CofferProcess.RunCliAsync(["read", "secret/files/cert"], new Dictionary<string, string>(env) { ["COFFER_TOKEN"] = "hvs.bogus" });
        Assert.Equal(2, denied.ExitCode);
        Assert.Contains("permission denied", denied.Stderr);

        var mounts = await CofferProcess.RunCliAsync(["write", "sys/mounts/other", "type=kv"], env);
        Assert.Equal(0, mounts.ExitCode);
        var unreachable = await CofferProcess.RunCliAsync(["status", "-address=http://127.0.0.1:1"], env);
        Assert.Equal(1, unreachable.ExitCode);
    }
}
