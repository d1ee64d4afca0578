using Coffer.Core.Barrier;
using System.Net;
using System.Text.Json.Nodes;
using Coffer.Core.Routing;
using Coffer.Core.Tests.CoreFlow;

namespace Coffer.Core.Tests.Mounts;

public sealed class MountTuneTests
{
    private static async Task<JsonObject> TuneOf(CoreHarness h, string path) =>
        (await h.SendAsync(Operation.Read, $"sys/mounts/{path}/tune"))!.Data!;

    private static async Task<CofferError> Refused(CoreHarness h, Operation op, string path, string json)
    {
        var error = await Assert.ThrowsAsync<CofferError>(() => h.SendAsync(op, path, json));
        Assert.Equal(HttpStatusCode.BadRequest, error.Status);
        return error;
    }

    [Fact]
    public async Task EveryTuneFieldIsStoredReportedAndSurvivesASealCycle()
    {
        var h = await CoreHarness.StartAsync();
        await h.SendAsync(Operation.Update, "sys/mounts/secret/tune", """
            {"default_lease_ttl":"1h","max_lease_ttl":7200,"description":"tuned","listing_visibility":"unauth",
             "audit_non_hmac_request_keys":["a","b"],"audit_non_hmac_response_keys":"c, d",
             "passthrough_request_headers":["X-Custom"],"allowed_response_headers":["X-Out"],
             "plugin_version":"","options":{"foo":"bar"}}
            """);

        var tune = await TuneOf(h, "secret");
        Assert.Equal(3600, tune["default_lease_ttl"]!.GetValue<long>());
        Assert.Equal(7200, tune["max_lease_ttl"]!.GetValue<long>());
        Assert.Equal("tuned", tune["description"]!.GetValue<string>());
        Assert.Equal("unauth", tune["listing_visibility"]!.GetValue<string>());
        Assert.Equal("""["a","b"]""", tune["audit_non_hmac_request_keys"]!.ToJsonString());
        Assert.Equal("""["c","d"]""", tune["audit_non_hmac_response_keys"]!.ToJsonString());
        Assert.Equal("""["X-Custom"]""", tune["passthrough_request_headers"]!.ToJsonString());
        Assert.Equal("""["X-Out"]""", tune["allowed_response_headers"]!.ToJsonString());
        Assert.Equal("bar", tune["options"]!["foo"]!.GetValue<string>());
        Assert.Null(tune["token_type"]);

        await h.Core.SealAsync(h.RootToken);
        await h.Core.SubmitUnsealKeyAsync(h.Keys[0]);
        var info = (await h.SendAsync(Operation.Read, "sys/mounts/secret"))!.Data!;
        var config = info["config"]!.AsObject();
        Assert.Equal(3600, config["default_lease_ttl"]!.GetValue<long>());
        Assert.Equal("unauth", config["listing_visibility"]!.GetValue<string>());
        Assert.Equal("""["c","d"]""", config["audit_non_hmac_response_keys"]!.ToJsonString());
        Assert.Equal("tuned", info["description"]!.GetValue<string>());
        Assert.Equal(MountEntry.RunningPluginVersion, info["running_plugin_version"]!.GetValue<string>());
    }

    [Fact]
    public async Task SystemResetsATtlAndTuneReportsTheEffectiveValue()
    {
        var h = await CoreHarness.StartAsync();
        await h.SendAsync(Operation.Update, "sys/mounts/secret/tune", """{"default_lease_ttl":"10m"}""");
        Assert.Equal(600, (await TuneOf(h, "secret"))["default_lease_ttl"]!.GetValue<long>());
        await h.SendAsync(Operation.Update, "sys/mounts/secret/tune", """{"default_lease_ttl":"system"}""");
        Assert.Equal(h.Core.Options.DefaultLeaseTtlSeconds, (await TuneOf(h, "secret"))["default_lease_ttl"]!.GetValue<long>());
        var raw = (await h.SendAsync(Operation.Read, "sys/mounts/secret"))!.Data!["config"]!;
        Assert.Equal(0, raw["default_lease_ttl"]!.GetValue<long>());
    }

    [Fact]
    public async Task MaxBelowDefaultIsRefusedWithVaultsTextAndNothingIsWritten()
    {
        var h = await CoreHarness.StartAsync();
        await h.SendAsync(Operation.Update, "sys/mounts/secret/tune", """{"default_lease_ttl":"2h"}""");
        var before = h.Core.Mounts.Entries.Single(e => e.Path == "secret/").ToStorageJson().ToJsonString();

        var error = await Refused(h, Operation.Update, "sys/mounts/secret/tune", """{"max_lease_ttl":"1h","description":"changed"}""");
        Assert.Equal("backend max lease TTL of 3600 would be less than backend default lease TTL of 7200", error.Message);
        Assert.Equal(before, h.Core.Mounts.Entries.Single(e => e.Path == "secret/").ToStorageJson().ToJsonString());
    }

    [Theory]
    [InlineData("""{"default_lease_ttl":"soon","description":"x"}""", "default_lease_ttl")]
    [InlineData("""{"audit_non_hmac_request_keys":[1,2],"description":"x"}""", "audit_non_hmac_request_keys")]
    [InlineData("""{"passthrough_request_headers":{"a":"b"},"description":"x"}""", "passthrough_request_headers")]
    [InlineData("""{"options":"version","description":"x"}""", "options")]
    [InlineData("""{"description":{"nested":true}}""", "description")]
    [InlineData("""{"listing_visibility":"everyone","description":"x"}""", "invalid listing_visibility everyone")]
    [InlineData("""{"token_type":"batch","description":"x"}""", "'token_type' can only be modified on auth mounts")]
    [InlineData("""{"plugin_version":"v9.9.9","description":"x"}""", "plugin version v9.9.9")]
    public async Task BadTuneInputIsA400AndChangesNothing(string body, string expected)
    {
        var h = await CoreHarness.StartAsync();
        var before = h.Core.Mounts.Entries.Single(e => e.Path == "secret/").ToStorageJson().ToJsonString();
        var error = await Refused(h, Operation.Update, "sys/mounts/secret/tune", body);
        Assert.Contains(expected, error.Message);
        Assert.Equal(before, h.Core.Mounts.Entries.Single(e => e.Path == "secret/").ToStorageJson().ToJsonString());
    }

    [Fact]
    public async Task OptionsMergeAndAnEmptyValueRemovesAKey()
    {
        var h = await CoreHarness.StartAsync();
        await h.SendAsync(Operation.Update, "sys/mounts/secret/tune", """{"options":{"a":"1","b":"2"}}""");
        await h.SendAsync(Operation.Update, "sys/mounts/secret/tune", """{"options":{"a":"","c":3}}""");
        var options = (await TuneOf(h, "secret"))["options"]!.AsObject();
        Assert.Null(options["a"]);
        Assert.Equal("2", options["b"]!.GetValue<string>());
        Assert.Equal("3", options["c"]!.GetValue<string>());
    }

    [Fact]
    public async Task TokenTypeIsTunableOnAuthMountsOnly()
    {
        var h = await CoreHarness.StartAsync();
        await h.SendAsync(Operation.Update, "sys/auth/userpass", """{"type":"userpass"}""");
        Assert.Equal("default-service", (await h.SendAsync(Operation.Read, "sys/auth/userpass/tune"))!.Data!["token_type"]!.GetValue<string>());
        await h.SendAsync(Operation.Update, "sys/auth/userpass/tune", """{"token_type":"batch"}""");
        Assert.Equal("batch", (await h.SendAsync(Operation.Read, "sys/mounts/auth/userpass/tune"))!.Data!["token_type"]!.GetValue<string>());
        Assert.Equal("batch", (await h.SendAsync(Operation.Read, "sys/auth"))!.Data!["userpass/"]!["config"]!["token_type"]!.GetValue<string>());

        var onToken = await Refused(h, Operation.Update, "sys/auth/token/tune", """{"token_type":"batch"}""");
        Assert.Contains("cannot be set for 'token'", onToken.Message);
        var invalid = await Refused(h, Operation.Update, "sys/auth/userpass/tune", """{"token_type":"weird"}""");
        Assert.Equal("invalid value for 'token_type'", invalid.Message);
    }

    [Fact]
    public async Task EnableTakesTheConfigBlockAndReportsItLikeVault()
    {
        var h = await CoreHarness.StartAsync();
        await h.SendAsync(Operation.Update, "sys/mounts/team", """
            {"type":"kv-v2","description":"team kv","local":true,"seal_wrap":true,"external_entropy_access":true,
             "config":{"default_lease_ttl":"30m","max_lease_ttl":"1h","listing_visibility":"hidden",
                       "audit_non_hmac_request_keys":"user","allowed_response_headers":["X-A"]}}
            """);
        var info = (await h.SendAsync(Operation.Read, "sys/mounts/team"))!.Data!;
        Assert.Equal("kv", info["type"]!.GetValue<string>());
        Assert.Equal("2", info["options"]!["version"]!.GetValue<string>());
        Assert.True(info["local"]!.GetValue<bool>());
        Assert.True(info["seal_wrap"]!.GetValue<bool>());
        Assert.True(info["external_entropy_access"]!.GetValue<bool>());
        Assert.Matches("^kv_[0-9a-f]{8}$", info["accessor"]!.GetValue<string>());
        Assert.True(Guid.TryParse(info["uuid"]!.GetValue<string>(), out _));
        var config = info["config"]!;
        Assert.Equal(1800, config["default_lease_ttl"]!.GetValue<long>());
        Assert.Equal(3600, config["max_lease_ttl"]!.GetValue<long>());
        Assert.Equal("hidden", config["listing_visibility"]!.GetValue<string>());
        Assert.Equal("""["user"]""", config["audit_non_hmac_request_keys"]!.ToJsonString());
        Assert.Equal("""["X-A"]""", config["allowed_response_headers"]!.ToJsonString());
        // A local mount lives in the local table only.
        Assert.Contains(h.Core.Mounts.Entries, e => e.Path == "team/" && e.Local);

        await h.SendAsync(Operation.Update, "sys/mounts/v1", """{"type":"kv-v1"}""");
        Assert.Equal("1", (await h.SendAsync(Operation.Read, "sys/mounts/v1"))!.Data!["options"]!["version"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("""{"type":"kv","config":{"default_lease_ttl":"2h","max_lease_ttl":"1h"}}""", "backend max lease TTL of 3600 would be less than backend default lease TTL of 7200")]
    [InlineData("""{"type":"transit","options":{"version":"2"}}""", "secrets engine \"transit\" does not allow setting a version")]
    [InlineData("""{"type":"kv","config":"nope"}""", "config")]
    [InlineData("""{"type":"kv","local":"maybe"}""", "local")]
    [InlineData("""{"type":"kv","config":{"token_type":"batch"}}""", "'token_type' can only be modified on auth mounts")]
    [InlineData("""{"type":"kv","options":{"version":"7"}}""", "kv version 7")]
    public async Task BadEnableInputIsA400AndMountsNothing(string body, string expected)
    {
        var h = await CoreHarness.StartAsync();
        var error = await Refused(h, Operation.Update, "sys/mounts/bad", body);
        Assert.Contains(expected, error.Message);
        Assert.DoesNotContain(h.Core.Mounts.Entries, e => e.Path == "bad/");
    }

    [Fact]
    public async Task DisablingAMountRemovesItsData()
    {
        var h = await CoreHarness.StartAsync();
        await h.SendAsync(Operation.Update, "sys/mounts/gone", """{"type":"kv"}""");
        await h.SendAsync(Operation.Update, "gone/a/b", """{"x":"1"}""");
        var prefix = h.Core.Mounts.Entries.Single(e => e.Path == "gone/").StoragePrefix;
        Assert.NotEmpty(await h.Core.Barrier.ListRecursiveAsync(prefix));

        await h.SendAsync(Operation.Delete, "sys/mounts/gone");
        Assert.Empty(await h.Core.Barrier.ListRecursiveAsync(prefix));
        // Mounting again at the same path starts empty.
        await h.SendAsync(Operation.Update, "sys/mounts/gone", """{"type":"kv"}""");
        Assert.Null(await h.SendAsync(Operation.Read, "gone/a/b"));
    }
}
