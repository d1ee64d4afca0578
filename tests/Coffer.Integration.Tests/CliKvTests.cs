using System.Text.Json.Nodes;
using Coffer.Integration.Tests.Infrastructure;

namespace Coffer.Integration.Tests;

/// <summary>
/// `coffer kv ...` against a real server: the whole life of a KV v2 secret, the same commands on a KV v1 mount, and
/// a KV v2 mount inside a child namespace. Each test mounts its own engine, so the order they run in does not matter.
/// </summary>
public sealed class CliKvTests(CliSession session) : IClassFixture<CliSession>
{
    [Fact]
    public async Task V2PutGetPatchAndCas()
    {
        var mount = await MountKvAsync(version: 2);

        var firstPut = await session.RootAsync("kv", "put", $"{mount}/creds", "user=bob", "pass=one");
        Assert.Matches($"^=+ Secret Path =+\n{mount}/data/creds\n\n======= Metadata =======\n", firstPut.ReplaceLineEndings("\n"));
        Assert.Matches(@"version\s+1\n", firstPut);
        Assert.Equal("2", await session.RootFieldAsync("kv", "put", "-mount=" + mount, "-cas=1", "-field=version", "creds", "user=bob", "pass=two"));

        var table = (await session.RootAsync("kv", "get", $"{mount}/creds")).ReplaceLineEndings("\n");
        Assert.Contains("======= Metadata =======\nKey                Value\n---                -----\n", table);
        Assert.Contains("==== Data ====\nKey     Value\n---     -----\npass    two\nuser    bob\n", table);
        Assert.Equal("one", await session.RootFieldAsync("kv", "get", "-version=1", "-field=pass", $"{mount}/creds"));
        var json = await session.RootJsonAsync("kv", "get", "-format=json", "-mount", mount, "creds");
        Assert.Equal(2, json["data"]!["metadata"]!["version"]!.GetValue<int>());

        // A stale check-and-set version is refused by the server and nothing is written.
        var stale = await session.RunAsync(["kv", "put", "-cas=1", $"{mount}/creds", "user=eve"], session.RootToken, session.Server.Directory);
        Assert.Equal(2, stale.ExitCode);
        Assert.Contains($"Error writing data to {mount}/data/creds", stale.Stderr);
        Assert.Contains("check-and-set", stale.Stderr);
        Assert.Equal("bob", await session.RootFieldAsync("kv", "get", "-field=user", $"{mount}/creds"));

        await session.RootAsync("kv", "patch", $"{mount}/creds", "pass=three", "extra=x");
        await session.RootAsync("kv", "patch", "-method=rw", "-remove-data=extra", $"{mount}/creds", "user=alice");
        await session.RootAsync("kv", "patch", "-method=patch", "-cas=4", $"{mount}/creds", "note=n");
        var data = (await session.RootJsonAsync("kv", "get", "-format=json", $"{mount}/creds"))["data"]!;
        Assert.Equal(5, data["metadata"]!["version"]!.GetValue<int>());
        Assert.Equal("""{"note":"n","pass":"three","user":"alice"}""", data["data"]!.ToJsonString());

        var missing = await session.RunAsync(["kv", "get", $"{mount}/nothing"], session.RootToken, session.Server.Directory);
        Assert.Equal(2, missing.ExitCode);
        Assert.Equal($"No value found at {mount}/data/nothing", missing.Stderr.Trim());
    }

    [Fact]
    public async Task V2DeleteUndeleteDestroyAndRollback()
    {
        var mount = await MountKvAsync(version: 2);
        await session.RootAsync("kv", "put", $"{mount}/app", "v=1");
        await session.RootAsync("kv", "put", $"{mount}/app", "v=2");
        await session.RootAsync("kv", "put", $"{mount}/app", "v=3");

        Assert.Contains($"Success! Data deleted (if it existed) at: {mount}/data/app", await session.RootAsync("kv", "delete", $"{mount}/app"));
        var deleted = await session.RunAsync(["kv", "get", $"{mount}/app"], session.RootToken, session.Server.Directory);
        Assert.Equal(0, deleted.ExitCode);
        Assert.Matches(@"deletion_time\s+\d{4}-", deleted.Stdout);
        Assert.DoesNotContain("Data ==", deleted.Stdout);
        var noField = await session.RunAsync(["kv", "get", "-field=v", $"{mount}/app"], session.RootToken, session.Server.Directory);
        Assert.Equal(2, noField.ExitCode);

        Assert.Contains($"Success! Data written to: {mount}/undelete/app", await session.RootAsync("kv", "undelete", "-versions=3", $"{mount}/app"));
        Assert.Equal("3", await session.RootFieldAsync("kv", "get", "-field=v", $"{mount}/app"));

        await session.RootAsync("kv", "delete", "-versions=2", $"{mount}/app");
        await session.RootAsync("kv", "destroy", "-versions=1", $"{mount}/app");
        var versions = (await session.RootJsonAsync("kv", "metadata", "get", "-format=json", $"{mount}/app"))["data"]!["versions"]!;
        Assert.True(versions["1"]!["destroyed"]!.GetValue<bool>());
        Assert.NotEqual("", versions["2"]!["deletion_time"]!.GetValue<string>());

        var toDestroyed = await session.RunAsync(["kv", "rollback", "-version=1", $"{mount}/app"], session.RootToken, session.Server.Directory);
        Assert.Equal(2, toDestroyed.ExitCode);
        Assert.Contains("Cannot roll back to a version that has been destroyed", toDestroyed.Stderr);
        var toDeleted = await session.RunAsync(["kv", "rollback", "-version=2", $"{mount}/app"], session.RootToken, session.Server.Directory);
        Assert.Equal(2, toDeleted.ExitCode);
        Assert.Contains("Cannot roll back to a version that has been deleted", toDeleted.Stderr);

        await session.RootAsync("kv", "undelete", "-versions=2", $"{mount}/app");
        await session.RootAsync("kv", "rollback", "-version=2", $"{mount}/app");
        var latest = (await session.RootJsonAsync("kv", "get", "-format=json", $"{mount}/app"))["data"]!;
        Assert.Equal(4, latest["metadata"]!["version"]!.GetValue<int>());
        Assert.Equal("2", latest["data"]!["v"]!.GetValue<string>());
    }

    [Fact]
    public async Task V2MetadataAndList()
    {
        var mount = await MountKvAsync(version: 2);
        await session.RootAsync("kv", "put", $"{mount}/team/a", "x=1");
        await session.RootAsync("kv", "put", $"{mount}/b", "x=1");

        Assert.Contains(
            $"Success! Data written to: {mount}/metadata/team/a",
            await session.RootAsync(
                "kv", "metadata", "put", "-max-versions=3", "-cas-required", "-delete-version-after=1h",
                "-custom-metadata=owner=ops", "-custom-metadata=tier=gold", $"{mount}/team/a"));
        await session.RootAsync("kv", "metadata", "patch", "-remove-custom-metadata=tier", "-custom-metadata=env=prod", $"{mount}/team/a");

        var metadata = (await session.RootJsonAsync("kv", "metadata", "get", "-format=json", $"{mount}/team/a"))["data"]!;
        Assert.Equal(3, metadata["max_versions"]!.GetValue<int>());
        Assert.True(metadata["cas_required"]!.GetValue<bool>());
        Assert.Equal("1h0m0s", metadata["delete_version_after"]!.GetValue<string>());
        Assert.Equal("""{"env":"prod","owner":"ops"}""", JsonSorted(metadata["custom_metadata"]!));

        var table = (await session.RootAsync("kv", "metadata", "get", $"{mount}/team/a")).ReplaceLineEndings("\n");
        Assert.Matches($"^=+ Metadata Path =+\n{mount}/metadata/team/a\n\n", table);
        Assert.Contains("= Version 1 =", table);

        // cas_required now applies: a put without -cas is refused.
        var noCas = await session.RunAsync(["kv", "put", $"{mount}/team/a", "x=2"], session.RootToken, session.Server.Directory);
        Assert.Equal(2, noCas.ExitCode);

        Assert.Equal("Keys\n----\nb\nteam/", (await session.RootAsync("kv", "list", mount)).ReplaceLineEndings("\n").TrimEnd());
        Assert.Equal("""["a"]""", (await session.RootJsonAsync("kv", "list", "-format=json", "-mount=" + mount, "team")).ToJsonString());

        Assert.Contains(
            $"Success! Data deleted (if it existed) at: {mount}/metadata/team/a",
            await session.RootAsync("kv", "metadata", "delete", $"{mount}/team/a"));
        var gone = await session.RunAsync(["kv", "metadata", "get", $"{mount}/team/a"], session.RootToken, session.Server.Directory);
        Assert.Equal(2, gone.ExitCode);
        Assert.Contains($"No value found at {mount}/metadata/team/a", gone.Stderr);
    }

    [Fact]
    public async Task V1MountSpeaksPlainPaths()
    {
        var mount = await MountKvAsync(version: 1);

        Assert.Contains($"Success! Data written to: {mount}/foo", await session.RootAsync("kv", "put", $"{mount}/foo", "a=1", "b=2"));
        var table = (await session.RootAsync("kv", "get", $"{mount}/foo")).ReplaceLineEndings("\n");
        Assert.Equal("== Data ==\nKey    Value\n---    -----\na      1\nb      2\n", table);
        Assert.Equal("2", await session.RootFieldAsync("kv", "get", "-mount=" + mount, "-field=b", "foo"));
        Assert.Equal("foo", (await session.RootAsync("kv", "list", mount)).ReplaceLineEndings("\n").Split('\n')[2]);

        var patch = await session.RunAsync(["kv", "patch", $"{mount}/foo", "a=2"], session.RootToken, session.Server.Directory);
        Assert.Equal(2, patch.ExitCode);
        Assert.Contains("K/V engine mount must be version 2 for patch support", patch.Stderr);
        var undelete = await session.RunAsync(["kv", "undelete", "-versions=1", $"{mount}/foo"], session.RootToken, session.Server.Directory);
        Assert.Equal(1, undelete.ExitCode);
        Assert.Contains("Undelete not supported on KV Version 1", undelete.Stderr);
        var metadata = await session.RunAsync(["kv", "metadata", "get", $"{mount}/foo"], session.RootToken, session.Server.Directory);
        Assert.Equal(1, metadata.ExitCode);
        Assert.Contains("Metadata not supported on KV Version 1", metadata.Stderr);

        Assert.Contains($"Success! Data deleted (if it existed) at: {mount}/foo", await session.RootAsync("kv", "delete", $"{mount}/foo"));
        var gone = await session.RunAsync(["kv", "get", $"{mount}/foo"], session.RootToken, session.Server.Directory);
        Assert.Equal(2, gone.ExitCode);
        Assert.Equal($"No value found at {mount}/foo", gone.Stderr.Trim());
    }

    [Fact]
    public async Task EnableVersioningSendsTheTune()
    {
        var mount = await MountKvAsync(version: 1);

        Assert.Contains($"Success! Tuned the secrets engine at: {mount}/", await session.RootAsync("kv", "enable-versioning", mount));
        var missing = await session.RunAsync(["kv", "enable-versioning", "no-such-mount"], session.RootToken, session.Server.Directory);
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("Error tuning secrets engine no-such-mount/", missing.Stderr);
    }

    [Fact]
    public async Task V2InAChildNamespace()
    {
        var ns = "kvns" + Guid.NewGuid().ToString("N")[..6];
        await session.RootAsync("namespace", "create", ns);
        using (var client = session.Server.RootClient())
        {
            client.DefaultRequestHeaders.Add("X-Vault-Namespace", ns);
            using var response = await client.PostAsync("/v1/sys/mounts/kv", TestHttp.Json("""{"type":"kv","options":{"version":"2"}}"""));
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        }

        var put = await session.RootAsync("kv", "put", "-namespace=" + ns, "kv/app", "user=a");
        Assert.StartsWith("== Secret Path ==\nkv/data/app\n", put.ReplaceLineEndings("\n"));
        await session.RootAsync("kv", "put", "-namespace=" + ns, "-mount=kv", "app", "user=b");
        Assert.Equal("b", await session.RootFieldAsync("kv", "get", "-namespace=" + ns, "-field=user", "kv/app"));
        Assert.Equal("a", await session.RootFieldAsync("kv", "get", "-namespace=" + ns, "-version=1", "-field=user", "-mount=kv", "app"));
        await session.RootAsync("kv", "delete", "-namespace=" + ns, "kv/app");
        await session.RootAsync("kv", "undelete", "-namespace=" + ns, "-versions=2", "kv/app");
        Assert.Equal("app", (await session.RootAsync("kv", "list", "-namespace=" + ns, "kv")).ReplaceLineEndings("\n").Split('\n')[2]);

        // The same secret is not visible from the root namespace's kv/ (there is none).
        var fromRoot = await session.RunAsync(["kv", "get", "kv/app"], session.RootToken, session.Server.Directory);
        Assert.Equal(2, fromRoot.ExitCode);
    }

    private async Task<string> MountKvAsync(int version)
    {
        var path = $"kv{version}-{Guid.NewGuid().ToString("N")[..8]}";
        using var client = session.Server.RootClient();
        using var response = await client.PostAsync(
            $"/v1/sys/mounts/{path}", TestHttp.Json(new JsonObject { ["type"] = "kv", ["options"] = new JsonObject { ["version"] = version.ToString() } }.ToJsonString()));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return path;
    }

    private static string JsonSorted(JsonNode node) =>
        new JsonObject(node.AsObject().OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone()))).ToJsonString();
}
