using System.Text.Json.Nodes;

namespace Coffer.Integration.Tests;

/// <summary>
/// <c>coffer secrets ...</c> run as a real process against one real server: enable (the seed command as written),
/// list, tune with the kv v1→v2 upgrade and its refusals, move, disable.
/// </summary>
public sealed class CliSecretsEngineTests(CliSession session) : IClassFixture<CliSession>
{
    private async Task<(int ExitCode, string Stdout, string Stderr)> AsRootAsync(params string[] arguments) =>
        await session.RunAsync(arguments, session.RootToken, session.Server.Directory);

    [Fact]
    public async Task TheSeedCommandWorksAsWritten()
    {
        Assert.Contains("Success! Enabled the kv secrets engine at: kv-local/",
            await session.RootAsync("secrets", "enable", "-path=kv-local", "-version=2", "-local", "kv"));

        var mount = await session.RootJsonAsync("read", "-format=json", "sys/mounts/kv-local");
        Assert.Equal("kv", mount["data"]!["type"]!.GetValue<string>());
        Assert.Equal("2", mount["data"]!["options"]!["version"]!.GetValue<string>());
        Assert.True(mount["data"]!["local"]!.GetValue<bool>());

        Assert.Matches(@"kv-local/\s+kv\s+kv_[0-9a-f]{8}", await session.RootAsync("secrets", "list"));
        Assert.Matches(@"kv-local/\s+kv\s+kv_[0-9a-f]{8}\s+system\s+system\s+false\s+local\s+false\s+false\s+map\[version:2\]",
            await session.RootAsync("secrets", "list", "-detailed"));
        var json = await session.RootJsonAsync("secrets", "list", "-format=json");
        Assert.Equal("2", json["kv-local/"]!["options"]!["version"]!.GetValue<string>());
    }

    [Fact]
    public async Task AVersionOneEngineIsTunedUpgradedMovedAndDisabled()
    {
        await session.RootAsync("secrets", "enable", "-path=legacy", "-description=old data", "kv");
        await session.RootAsync("write", "legacy/app", "password=p1");

        Assert.Contains("Success! Tuned the secrets engine at: legacy/", await session.RootAsync("secrets", "tune", "-version=2", "legacy"));
        // The upgrade finishes in the background; until then reads get Vault's "Upgrading ..." 400.
        JsonNode? upgraded = null;
        for (var attempt = 0; attempt < 100 && upgraded is null; attempt++)
        {
            var read = await AsRootAsync("read", "-format=json", "legacy/data/app");
            if (read.ExitCode == 0)
            {
                upgraded = JsonNode.Parse(read.Stdout);
            }
            else
            {
                Assert.Contains("Upgrading from non-versioned to versioned data", read.Stderr);
                await Task.Delay(100);
            }
        }
        Assert.NotNull(upgraded);
        Assert.Equal("p1", upgraded!["data"]!["data"]!["password"]!.GetValue<string>());
        Assert.Equal(1, upgraded["data"]!["metadata"]!["version"]!.GetValue<long>());

        var downgrade = await AsRootAsync("secrets", "tune", "-version=1", "legacy");
        Assert.Equal(2, downgrade.ExitCode);
        Assert.Contains("cannot downgrade mount from version 2", downgrade.Stderr);
        var ttls = await AsRootAsync("secrets", "tune", "-default-lease-ttl=2h", "-max-lease-ttl=1h", "legacy");
        Assert.Equal(2, ttls.ExitCode);
        Assert.Contains("backend max lease TTL of 3600 would be less than backend default lease TTL of 7200", ttls.Stderr);

        await session.RootAsync("secrets", "tune", "-default-lease-ttl=30m", "-listing-visibility=unauth", "-audit-non-hmac-request-keys=user", "legacy");
        var tune = await session.RootJsonAsync("read", "-format=json", "sys/mounts/legacy/tune");
        Assert.Equal(1800, tune["data"]!["default_lease_ttl"]!.GetValue<long>());
        Assert.Equal("unauth", tune["data"]!["listing_visibility"]!.GetValue<string>());
        Assert.Equal("""["user"]""", tune["data"]!["audit_non_hmac_request_keys"]!.ToJsonString());

        var moved = await session.RootAsync("secrets", "move", "legacy", "archive/legacy");
        Assert.Matches(@"Success! Finished moving secrets engine legacy/ to archive/legacy/, with migration ID [0-9a-f-]{36}", moved);
        var read2 = await session.RootJsonAsync("read", "-format=json", "archive/legacy/data/app");
        Assert.Equal("p1", read2["data"]!["data"]!["password"]!.GetValue<string>());
        var refused = await AsRootAsync("secrets", "move", "sys", "elsewhere");
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("cannot remount 'sys/'", refused.Stderr);

        Assert.Contains("Success! Disabled the secrets engine (if it existed) at: archive/legacy/",
            await session.RootAsync("secrets", "disable", "archive/legacy"));
        Assert.DoesNotContain("archive/legacy/", await session.RootAsync("secrets", "list"));
    }

    [Fact]
    public async Task KvEnableVersioningUpgradesAndKvGetSeesVersionOne()
    {
        await session.RootAsync("secrets", "enable", "-path=ev", "kv");
        await session.RootAsync("kv", "put", "ev/app", "password=p1");
        await session.RootAsync("kv", "enable-versioning", "ev");

        var read = (ExitCode: -1, Stdout: "", Stderr: "");
        for (var attempt = 0; attempt < 100; attempt++)
        {
            read = await AsRootAsync("kv", "get", "-format=json", "ev/app");
            if (read.ExitCode == 0)
            {
                break;
            }
            await Task.Delay(100);
        }
        Assert.True(read.ExitCode == 0, read.Stderr);
        var secret = JsonNode.Parse(read.Stdout)!;
        Assert.Equal("p1", secret["data"]!["data"]!["password"]!.GetValue<string>());
        Assert.Equal(1, secret["data"]!["metadata"]!["version"]!.GetValue<long>());
    }
}
