using System.Text.Json.Nodes;

namespace Coffer.Integration.Tests;

/// <summary>
/// Runbook-style sequences of <c>coffer</c> AppRole, auth method, namespace and audit commands against one real
/// server. Each test uses its own mount paths and namespaces, so the order they run in does not matter.
/// </summary>
public sealed class CliAuthMethodTests(CliSession session) : IClassFixture<CliSession>
{
    [Fact]
    public async Task AppRoleRunbook()
    {
        await session.RunAsync(["policy", "write", "reader", "-"], session.RootToken, session.Server.Directory,
            stdin: "path \"secret/*\" { capabilities = [\"read\", \"list\"] }");
        await session.RootAsync("write", "secret/app", "password=p4ss");
        Assert.Contains("Success! Enabled approle auth method at: approle/", await session.RootAsync("auth", "enable", "approle"));
        await session.RootAsync("write", "auth/approle/role/web", "token_policies=reader", "token_ttl=20m");
        Assert.Matches(@"token_policies\s+\[reader\]", await session.RootAsync("read", "auth/approle/role/web"));
        Assert.Matches(@"web", await session.RootAsync("list", "auth/approle/role"));

        var roleId = await session.RootFieldAsync("read", "-field=role_id", "auth/approle/role/web/role-id");
        Assert.Matches("^[0-9a-f-]{36}$", roleId);
        var secretId = await session.RootFieldAsync("write", "-f", "-field=secret_id", "auth/approle/role/web/secret-id");
        Assert.Matches("^[0-9a-f-]{36}$", secretId);

        var home = session.NewHome();
        var login = await session.RunAsync(["login", "-method=approle", $"role_id={roleId}", $"secret_id={secretId}"], null, home);
        Assert.True(login.ExitCode == 0, login.Stderr);
        Assert.Matches(@"token_duration\s+20m\n", login.Stdout);
        Assert.Matches(@"token_meta_role_name\s+web", login.Stdout);
        var lookup = await session.RunAsync(["token", "lookup"], null, home);
        Assert.Matches(@"display_name\s+approle\n", lookup.Stdout);
        Assert.Matches(@"policies\s+\[default reader\]", lookup.Stdout);
        Assert.Matches(@"path\s+auth/approle/login\n", lookup.Stdout);
        Assert.Equal("p4ss", (await session.RunAsync(["read", "-field=password", "secret/app"], null, home)).Stdout);

        // The usual delivery: the secret id travels wrapped and only the workload unwraps it.
        var wrapped = await session.RootFieldAsync("write", "-f", "-wrap-ttl=60s", "-field=wrapping_token", "auth/approle/role/web/secret-id");
        var workloadHome = session.NewHome();
        var unwrapped = await session.RunAsync(["unwrap", "-field=secret_id"], wrapped, workloadHome);
        Assert.Equal(0, unwrapped.ExitCode);
        var workload = await session.RunAsync(["login", "-method=approle", "-token-only", $"role_id={roleId}", $"secret_id={unwrapped.Stdout}"], null, workloadHome);
        Assert.Matches(@"^hvs\.[A-Za-z0-9]+$", workload.Stdout);

        var bad = await session.RunAsync(["login", "-method=approle", $"role_id={roleId}", "secret_id=not-it"], null, session.NewHome());
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("Error authenticating", bad.Stderr);
        Assert.Contains("Code: 400", bad.Stderr);

        Assert.Contains("Success! Disabled the auth method (if it existed) at: approle/", await session.RootAsync("auth", "disable", "approle"));
        Assert.DoesNotContain("approle/", await session.RootAsync("auth", "list"));
        var afterDisable = await session.RunAsync(["login", "-method=approle", $"role_id={roleId}", $"secret_id={secretId}"], null, session.NewHome());
        Assert.Equal(2, afterDisable.ExitCode);
    }

    [Fact]
    public async Task AuthEnableListTuneDisable()
    {
        Assert.Contains("Success! Enabled userpass auth method at: people/",
            await session.RootAsync("auth", "enable", "-path=people", "-description=humans", "userpass"));
        var table = await session.RootAsync("auth", "list");
        Assert.Matches(@"people/\s+userpass\s+auth_userpass_\w+\s+humans", table);
        Assert.Matches(@"token/\s+token\s+auth_token_\w+\s+token based credentials", table);
        var json = await session.RootJsonAsync("auth", "list", "-format=json");
        Assert.Equal("userpass", json["people/"]!["type"]!.GetValue<string>());

        Assert.Contains("Success! Tuned the auth method at: people/", await session.RootAsync("auth", "tune", "-default-lease-ttl=30m", "people/"));
        await session.RootAsync("write", "auth/people/users/bob", "password=b0b");
        var login = await session.RunAsync(["login", "-method=userpass", "-path=people", "-no-store", "username=bob", "password=b0b"], null, session.NewHome());
        Assert.Equal(0, login.ExitCode);
        Assert.Matches(@"token_duration\s+30m\n", login.Stdout);
        Assert.Contains("The token was not stored in token helper.", login.Stderr);

        var taken = await session.RunAsync(["auth", "enable", "-path=people", "userpass"], session.RootToken, session.Server.Directory);
        Assert.Equal(2, taken.ExitCode);
        Assert.Contains("Error enabling userpass auth", taken.Stderr);

        await session.RootAsync("auth", "disable", "people");
        Assert.DoesNotContain("people/", await session.RootAsync("auth", "list"));
    }

    [Fact]
    public async Task NamespaceRunbook()
    {
        var created = await session.RootAsync("namespace", "create", "team");
        Assert.Matches(@"path\s+team/\n", created);
        Assert.Matches(@"id\s+\w{5}\n", created);
        Assert.Contains("team/", (await session.RootAsync("namespace", "list")).Split('\n'));
        Assert.Contains("team/", (await session.RootJsonAsync("namespace", "list", "-format=json")).AsArray().Select(n => n!.GetValue<string>()));
        var lookup = await session.RootJsonAsync("namespace", "lookup", "-format=json", "team");
        Assert.Equal("team/", lookup["data"]!["path"]!.GetValue<string>());

        await session.RootAsync("write", "-namespace=team", "sys/mounts/kv", "type=kv");
        await session.RootAsync("write", "-namespace=team", "kv/app", "owner=team");
        Assert.Equal("team", await session.RootFieldAsync("read", "-namespace=team", "-field=owner", "kv/app"));
        Assert.Equal("team", await session.RootFieldAsync("read", "-field=owner", "team/kv/app"));
        var home = session.NewHome();
        var fromEnvironment = await CofferWithNamespace(["read", "-field=owner", "kv/app"], home);
        Assert.Equal((0, "team"), (fromEnvironment.ExitCode, fromEnvironment.Stdout));
        var outside = await session.RunAsync(["read", "kv/app"], session.RootToken, home);
        Assert.Equal(2, outside.ExitCode);

        // A token made inside the namespace works there and only there.
        await session.RunAsync(["policy", "write", "-namespace=team", "kvread", "-"], session.RootToken, home,
            stdin: "path \"kv/*\" { capabilities = [\"read\"] }");
        var token = await session.RootFieldAsync("token", "create", "-namespace=team", "-policy=kvread", "-field=token");
        var inside = await session.RunAsync(["read", "-namespace=team", "-field=owner", "kv/app"], token, home);
        Assert.Equal((0, "team"), (inside.ExitCode, inside.Stdout));
        Assert.Matches(@"namespace_path\s+team/", (await session.RunAsync(["token", "lookup", "-namespace=team"], token, home)).Stdout);
        var atRoot = await session.RunAsync(["read", "secret/app"], token, home);
        Assert.Equal(2, atRoot.ExitCode);
        Assert.Contains("permission denied", atRoot.Stderr);

        Assert.Contains("Success! Namespace deleted at: team/", await session.RootAsync("namespace", "delete", "team"));
        var lookupGone = await session.RunAsync(["namespace", "lookup", "team"], session.RootToken, home);
        Assert.Equal(2, lookupGone.ExitCode);
        var readGone = await session.RunAsync(["read", "team/kv/app"], session.RootToken, home);
        Assert.Equal(2, readGone.ExitCode);
    }

    [Fact]
    public async Task EmptyNamespaceListExitsTwo()
    {
        var home = session.NewHome();
        await session.RootAsync("namespace", "create", "lonely");
        var empty = await session.RunAsync(["namespace", "list", "-namespace=lonely"], session.RootToken, home);
        Assert.Equal(2, empty.ExitCode);
        Assert.Contains("No namespaces found", empty.Stderr);
        var emptyJson = await session.RunAsync(["namespace", "list", "-namespace=lonely", "-format=json"], session.RootToken, home);
        Assert.Equal(2, emptyJson.ExitCode);
        Assert.Equal("{}", emptyJson.Stdout.Trim());
        await session.RootAsync("namespace", "delete", "lonely");
    }

    [Fact]
    public async Task AuditFileDeviceRecordsWithoutSecrets()
    {
        var logPath = Path.Combine(session.Server.Directory, "audit.log");
        Assert.Contains("Success! Enabled the file audit device at: file/",
            await session.RootAsync("audit", "enable", "file", $"file_path={logPath}"));
        Assert.Matches(@"file/\s+file\s+n/a", await session.RootAsync("audit", "list"));
        Assert.Contains($"file_path={logPath}", await session.RootAsync("audit", "list", "-detailed"));

        const string canary = "audit-canary-5c1d";
        await session.RootAsync("write", "secret/audited", $"value={canary}");
        var token = await session.RootFieldAsync("token", "create", "-ttl=5m", "-field=token");
        var home = session.NewHome();
        Assert.Equal(canary, (await session.RunAsync(["read", "-field=value", "secret/audited"], token, home)).Stdout);

        var log = await File.ReadAllTextAsync(logPath);
        var entries = log.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonNode.Parse(line)!).ToList();
        Assert.Contains(entries, e => e["type"]!.GetValue<string>() == "response" && e["request"]?["path"]?.GetValue<string>() == "secret/audited");
        Assert.DoesNotContain(session.RootToken, log);
        Assert.DoesNotContain(token, log);
        Assert.DoesNotContain(canary, log);
        Assert.Matches("hmac-sha256:[0-9a-f]{64}", log);

        Assert.Contains("Success! Disabled audit device (if it was enabled) at: file/", await session.RootAsync("audit", "disable", "file"));
        var none = await session.RunAsync(["audit", "list"], session.RootToken, home);
        Assert.Equal(2, none.ExitCode);
        Assert.Contains("No audit devices are enabled.", none.Stdout);
    }

    private Task<(int ExitCode, string Stdout, string Stderr)> CofferWithNamespace(string[] arguments, string home) =>
        Infrastructure.CofferProcess.RunCliAsync(arguments, new Dictionary<string, string>
        {
            ["VAULT_ADDR"] = session.Server.Address,
            ["HOME"] = home,
            ["COFFER_TOKEN"] = session.RootToken,
            ["VAULT_NAMESPACE"] = "team",
        });
}
