using System.Text.Json.Nodes;

namespace Coffer.Integration.Tests;

/// <summary>
/// Runbook-style sequences of <c>coffer</c> policy, login, token and wrapping commands against one real server.
/// Every test sets up what it needs, so the order they run in does not matter.
/// </summary>
public sealed class CliAccessTests(CliSession session) : IClassFixture<CliSession>
{
    private const string ReaderPolicy = """
        path "secret/*" {
          capabilities = ["read", "list"]
        }
        """;

    [Fact]
    public async Task PolicyWriteReadListFmtDelete()
    {
        var messy = Path.Combine(session.Server.Directory, "ops.hcl");
        await File.WriteAllTextAsync(messy, "path \"secret/ops/*\" {capabilities=[\"create\",\"update\"]}\n");
        Assert.Contains($"Success! Formatted policy: {messy}", await session.RootAsync("policy", "fmt", messy));
        var formatted = await File.ReadAllTextAsync(messy);
        Assert.Equal("path \"secret/ops/*\" {\n  capabilities = [\"create\", \"update\"]\n}\n", formatted);

        Assert.Contains("Success! Uploaded policy: ops", await session.RootAsync("policy", "write", "ops", messy));
        Assert.Equal(formatted.TrimEnd('\n'), (await session.RootAsync("policy", "read", "ops")).TrimEnd('\n'));
        Assert.Equal(formatted, (await session.RootJsonAsync("policy", "read", "-format=json", "ops"))["policy"]!.GetValue<string>());

        var home = session.NewHome();
        var fromStdin = await session.RunAsync(["policy", "write", "ops-stdin", "-"], session.RootToken, home, stdin: ReaderPolicy);
        Assert.Equal(0, fromStdin.ExitCode);
        var list = (await session.RootAsync("policy", "list")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("ops", list);
        Assert.Contains("ops-stdin", list);
        Assert.Contains("default", list);
        Assert.Contains("root", list);
        var listJson = (await session.RootJsonAsync("policy", "list", "-format=json")).AsArray().Select(n => n!.GetValue<string>());
        Assert.Contains("ops-stdin", listJson);

        Assert.Contains("Success! Deleted policy: ops", await session.RootAsync("policy", "delete", "ops"));
        var gone = await session.RunAsync(["policy", "read", "ops"], session.RootToken, home);
        Assert.Equal(2, gone.ExitCode);
        Assert.Contains("No policy named: ops", gone.Stderr);

        var broken = Path.Combine(session.Server.Directory, "broken.hcl");
        await File.WriteAllTextAsync(broken, "path \"x\" { capabilities = [");
        Assert.Equal(1, (await session.RunAsync(["policy", "fmt", broken], null, home)).ExitCode);
        var rejected = await session.RunAsync(["policy", "write", "broken", broken], session.RootToken, home);
        Assert.Equal(2, rejected.ExitCode);
        Assert.Contains("Code: 400", rejected.Stderr);
        Assert.Contains("failed to parse policy", rejected.Stderr);
    }

    [Fact]
    public async Task UserpassLoginStoresTheTokenForLaterCommands()
    {
        await WriteReaderPolicyAsync();
        Assert.Contains("Success! Enabled userpass auth method at: userpass/", await session.RootAsync("auth", "enable", "userpass"));
        Assert.Contains("Success! Data written to: auth/userpass/users/alice",
            await session.RootAsync("write", "auth/userpass/users/alice", "password=w0nderland", "policies=reader"));
        await session.RootAsync("write", "secret/app", "password=p4ss");

        var home = session.NewHome();
        var login = await session.RunAsync(["login", "-method=userpass", "username=alice", "password=w0nderland"], null, home);
        Assert.True(login.ExitCode == 0, login.Stderr);
        Assert.Contains("Success! You are now authenticated.", login.Stdout);
        Assert.Matches(@"token_policies\s+\[""default"" ""reader""\]", login.Stdout);
        Assert.Matches(@"token_meta_username\s+alice", login.Stdout);

        var tokenFile = Path.Combine(home, ".coffer-token");
        var stored = await File.ReadAllTextAsync(tokenFile);
        Assert.StartsWith("hvs.", stored);
        Assert.Contains(stored, login.Stdout);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(tokenFile));
        }

        // No COFFER_TOKEN from here on: the token file speaks for alice.
        var lookup = await session.RunAsync(["token", "lookup"], null, home);
        Assert.Equal(0, lookup.ExitCode);
        Assert.Matches(@"display_name\s+userpass-alice\n", lookup.Stdout);
        Assert.Matches(@"policies\s+\[default reader\]", lookup.Stdout);
        Assert.Matches(@"path\s+auth/userpass/login/alice", lookup.Stdout);
        Assert.Matches(@"meta\s+map\[username:alice\]", lookup.Stdout);
        Assert.Matches(@"orphan\s+true", lookup.Stdout);
        var lookupJson = JsonNode.Parse((await session.RunAsync(["token", "lookup", "-format=json"], null, home)).Stdout)!;
        Assert.Equal(stored, lookupJson["data"]!["id"]!.GetValue<string>());

        var read = await session.RunAsync(["read", "-field=password", "secret/app"], null, home);
        Assert.Equal((0, "p4ss"), (read.ExitCode, read.Stdout));
        var write = await session.RunAsync(["write", "secret/app", "password=stolen"], null, home);
        Assert.Equal(2, write.ExitCode);
        Assert.Contains("permission denied", write.Stderr);

        // The password may also come from standard input, after a prompt on standard error.
        var stdinHome = session.NewHome();
        var prompted = await session.RunAsync(["login", "-method=userpass", "username=alice"], null, stdinHome, stdin: "w0nderland\n");
        Assert.True(prompted.ExitCode == 0, prompted.Stderr);
        Assert.Contains("Password (will be hidden):", prompted.Stderr);
        Assert.DoesNotContain("w0nderland", prompted.Stdout + prompted.Stderr);
        Assert.StartsWith("hvs.", await File.ReadAllTextAsync(Path.Combine(stdinHome, ".coffer-token")));

        var wrongHome = session.NewHome();
        var wrong = await session.RunAsync(["login", "-method=userpass", "username=alice", "password=nope"], null, wrongHome);
        Assert.Equal(2, wrong.ExitCode);
        Assert.Contains("Error authenticating", wrong.Stderr);
        Assert.Contains("invalid username or password", wrong.Stderr);
        Assert.False(File.Exists(Path.Combine(wrongHome, ".coffer-token")));

        var tokenOnly = await session.RunAsync(["login", "-method=userpass", "-token-only", "username=alice", "password=w0nderland"], null, wrongHome);
        Assert.Equal(0, tokenOnly.ExitCode);
        Assert.Matches(@"^hvs\.[A-Za-z0-9]+$", tokenOnly.Stdout);
        Assert.False(File.Exists(Path.Combine(wrongHome, ".coffer-token")));

        // A token variable wins over the file, and login says so.
        var shadowed = await session.RunAsync(["login", "-method=userpass", "username=alice", "password=w0nderland"], session.RootToken, wrongHome);
        Assert.Equal(0, shadowed.ExitCode);
        Assert.Contains("WARNING! The COFFER_TOKEN environment variable is set!", shadowed.Stderr);
    }

    [Fact]
    public async Task TokenCreateLookupRenewCapabilitiesRevoke()
    {
        await WriteReaderPolicyAsync();
        var home = session.NewHome();
        var created = await session.RootJsonAsync("token", "create", "-policy=reader", "-ttl=1h", "-format=json");
        var auth = created["auth"]!;
        Assert.Equal(["default", "reader"], auth["policies"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal(3600, auth["lease_duration"]!.GetValue<int>());
        Assert.True(auth["renewable"]!.GetValue<bool>());
        Assert.False(auth["orphan"]!.GetValue<bool>());

        var token = await session.RootFieldAsync("token", "create", "-policy=reader", "-ttl=1h", "-field=token");
        Assert.Matches(@"^hvs\.[A-Za-z0-9]+$", token);
        var accessor = (await session.RootJsonAsync("token", "lookup", "-format=json", token))["data"]!["accessor"]!.GetValue<string>();

        var lookup = await session.RootAsync("token", "lookup", token);
        Assert.Matches(@"policies\s+\[default reader\]", lookup);
        Assert.Matches(@"creation_ttl\s+1h\n", lookup);
        Assert.Matches(@"path\s+auth/token/create\n", lookup);
        Assert.Matches(@"id\s+n/a\n", await session.RootAsync("token", "lookup", "-accessor", accessor));

        var renewed = await session.RootJsonAsync("token", "renew", "-increment=30m", "-format=json", token);
        Assert.Equal(1800, renewed["auth"]!["lease_duration"]!.GetValue<int>());
        var self = await session.RunAsync(["token", "renew", "-format=json"], token, home);
        Assert.Equal(0, self.ExitCode);
        Assert.Equal(token, JsonNode.Parse(self.Stdout)!["auth"]!["client_token"]!.GetValue<string>());

        Assert.Equal("list, read", (await session.RootAsync("token", "capabilities", token, "secret/foo")).TrimEnd('\n'));
        Assert.Equal("deny", (await session.RootAsync("token", "capabilities", token, "sys/mounts")).TrimEnd('\n'));
        Assert.Equal("root", (await session.RootAsync("token", "capabilities", "secret/foo")).TrimEnd('\n'));
        var own = await session.RunAsync(["token", "capabilities", "secret/foo"], token, home);
        Assert.Equal((0, "list, read"), (own.ExitCode, own.Stdout.TrimEnd('\n')));

        Assert.Contains("Success! Revoked token (if it existed)", await session.RootAsync("token", "revoke", token));
        var revoked = await session.RunAsync(["token", "lookup", token], session.RootToken, home);
        Assert.Equal(2, revoked.ExitCode);
        Assert.Contains("bad token", revoked.Stderr);
        Assert.DoesNotContain(token, revoked.Stderr);
    }

    [Fact]
    public async Task TokenCreateFlagsAndTheOtherRevokeModes()
    {
        var home = session.NewHome();
        var orphan = await session.RootJsonAsync("token", "create", "-orphan", "-metadata=team=ops", "-display-name=ci",
            "-use-limit=3", "-renewable=false", "-ttl=10m", "-format=json");
        var token = orphan["auth"]!["client_token"]!.GetValue<string>();
        var data = (await session.RootJsonAsync("token", "lookup", "-format=json", token))["data"]!;
        Assert.True(data["orphan"]!.GetValue<bool>());
        Assert.Equal("ops", data["meta"]!["team"]!.GetValue<string>());
        Assert.Equal("token-ci", data["display_name"]!.GetValue<string>());
        Assert.Equal(3, data["num_uses"]!.GetValue<int>());
        Assert.False(data["renewable"]!.GetValue<bool>());

        var accessor = orphan["auth"]!["accessor"]!.GetValue<string>();
        Assert.Contains("Success! Revoked token (if it existed)", await session.RootAsync("token", "revoke", "-accessor", accessor));
        Assert.Equal(2, (await session.RunAsync(["token", "lookup", token], session.RootToken, home)).ExitCode);

        var parent = await session.RootFieldAsync("token", "create", "-ttl=10m", "-field=token");
        var child = await session.RunAsync(["token", "create", "-ttl=5m", "-field=token"], parent, home);
        Assert.Equal(0, child.ExitCode);
        await session.RootAsync("token", "revoke", "-mode=orphan", parent);
        Assert.Equal(2, (await session.RunAsync(["token", "lookup", parent], session.RootToken, home)).ExitCode);
        Assert.Matches(@"orphan\s+true", await session.RootAsync("token", "lookup", child.Stdout.TrimEnd()));

        var self = await session.RunAsync(["token", "revoke", "-self"], child.Stdout, home);
        Assert.Equal(0, self.ExitCode);
        Assert.Equal(2, (await session.RunAsync(["token", "lookup", child.Stdout], session.RootToken, home)).ExitCode);

        var noArgument = await session.RunAsync(["token", "revoke"], session.RootToken, home);
        Assert.Equal(1, noArgument.ExitCode);
        Assert.Contains("Not enough arguments", noArgument.Stderr);
    }

    [Fact]
    public async Task WrappedReadUnwrapsOnce()
    {
        var home = session.NewHome();
        await session.RootAsync("write", "secret/wrapped", "value=inside");

        var table = await session.RootAsync("read", "-wrap-ttl=60s", "secret/wrapped");
        Assert.Matches(@"wrapping_token:\s+hvs\.", table);
        Assert.Matches(@"wrapping_token_ttl:\s+1m\n", table);
        Assert.Matches(@"wrapping_token_creation_path:\s+secret/wrapped\n", table);
        Assert.DoesNotContain("inside", table);

        var wrapping = await session.RootFieldAsync("read", "-wrap-ttl=60s", "-field=wrapping_token", "secret/wrapped");
        Assert.Matches(@"value\s+inside", await session.RootAsync("unwrap", wrapping));
        var again = await session.RunAsync(["unwrap", wrapping], session.RootToken, home);
        Assert.Equal(2, again.ExitCode);
        Assert.Contains("wrapping token is not valid or does not exist", again.Stderr);

        var json = await session.RootJsonAsync("read", "-wrap-ttl=2m", "-format=json", "secret/wrapped");
        Assert.Equal(120, json["wrap_info"]!["ttl"]!.GetValue<int>());
        var field = await session.RootFieldAsync("unwrap", "-field=value", json["wrap_info"]!["token"]!.GetValue<string>());
        Assert.Equal("inside", field);

        // Without an argument, the CLI's own token is the wrapping token.
        var own = await session.RootFieldAsync("read", "-wrap-ttl=60s", "-field=wrapping_token", "secret/wrapped");
        var unwrapSelf = await session.RunAsync(["unwrap", "-format=json"], own, home);
        Assert.Equal(0, unwrapSelf.ExitCode);
        Assert.Equal("inside", JsonNode.Parse(unwrapSelf.Stdout)!["data"]!["value"]!.GetValue<string>());

        // sys/wrapping/wrap is wrapped for 5m without being asked, as by vault's client.
        var wrappedData = await session.RootFieldAsync("write", "-field=wrapping_token", "sys/wrapping/wrap", "api_key=k-123");
        Assert.Matches(@"creation_ttl\s+5m\n", await session.RootAsync("write", "sys/wrapping/lookup", $"token={wrappedData}"));
        Assert.Equal("k-123", await session.RootFieldAsync("unwrap", "-field=api_key", wrappedData));

        var wrappedToken = await session.RootFieldAsync("token", "create", "-wrap-ttl=60s", "-ttl=5m", "-field=wrapping_token");
        var unwrappedToken = await session.RootJsonAsync("unwrap", "-format=json", wrappedToken);
        Assert.StartsWith("hvs.", unwrappedToken["auth"]!["client_token"]!.GetValue<string>());
    }

    [Fact]
    public async Task DeniedAccessExitsTwoWithPermissionDenied()
    {
        await WriteReaderPolicyAsync();
        var home = session.NewHome();
        var reader = await session.RootFieldAsync("token", "create", "-policy=reader", "-ttl=10m", "-field=token");
        string[][] refused =
        [
            ["write", "secret/denied", "a=b"],
            ["delete", "secret/denied"],
            ["policy", "write", "mine", "-"],
            ["auth", "enable", "-path=mine", "userpass"],
            ["audit", "list"],
            ["namespace", "create", "mine"],
            ["token", "create"],
            ["read", "sys/mounts"],
            ["read", "nomount/anything"],
        ];
        foreach (var command in refused)
        {
            var result = await session.RunAsync(command, reader, home, stdin: ReaderPolicy);
            Assert.True(result.ExitCode == 2, $"coffer {string.Join(' ', command)} exited {result.ExitCode}: {result.Stderr}");
            Assert.Contains("Code: 403", result.Stderr);
            Assert.Contains("* permission denied", result.Stderr);
            Assert.DoesNotContain(reader, result.Stdout + result.Stderr);
        }

        // No token variable and no token file: the server refuses the anonymous request.
        var anonymous = await session.RunAsync(["read", "secret/wrapped"], null, home);
        Assert.Equal(2, anonymous.ExitCode);
        Assert.Contains("permission denied", anonymous.Stderr);
    }

    private Task WriteReaderPolicyAsync() =>
        session.RunAsync(["policy", "write", "reader", "-"], session.RootToken, session.Server.Directory, stdin: ReaderPolicy);
}
