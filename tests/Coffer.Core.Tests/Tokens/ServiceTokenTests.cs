using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Coffer.Core.Access;
using Coffer.Core.Routing;

namespace Coffer.Core.Tests.Tokens;

public sealed class ServiceTokenTests
{
    [Fact]
    public async Task RootTokenNeverExpiresAndLooksLikeVaults()
    {
        var h = await TokenHarness.StartAsync();
        Assert.Matches(new Regex("^hvs\\.[A-Za-z0-9]{24}$"), h.RootToken);
        var data = (await h.SendAsync(Operation.Read, "lookup-self"))!.Data!;
        Assert.Equal(h.RootToken, data["id"]!.GetValue<string>());
        Assert.Matches(new Regex("^[A-Za-z0-9]{24}$"), data["accessor"]!.GetValue<string>());
        Assert.Equal(["root"], Strings(data["policies"]));
        Assert.Equal("root", data["display_name"]!.GetValue<string>());
        Assert.Equal("auth/token/root", data["path"]!.GetValue<string>());
        Assert.True(data["orphan"]!.GetValue<bool>());
        Assert.Null(data["expire_time"]);
        Assert.True(data.ContainsKey("expire_time"));
        Assert.Equal(0, data["ttl"]!.GetValue<long>());
        Assert.Equal(0, data["creation_ttl"]!.GetValue<long>());
        Assert.False(data["renewable"]!.GetValue<bool>());
        Assert.Equal(h.Clock.UtcNow.ToUnixTimeSeconds(), data["creation_time"]!.GetValue<long>());
        Assert.Equal("service", data["type"]!.GetValue<string>());
        Assert.False(data.ContainsKey("period"));
        Assert.False(data.ContainsKey("role"));
    }

    [Fact]
    public async Task CreateAnswersWithAnAuthBlockAndWarnsAboutUnknownPolicies()
    {
        var h = await TokenHarness.StartAsync();
        var response = await h.SendAsync(Operation.Update, "create", """{"policies":["web","known-a"],"meta":{"user":"armon"},"ttl":"1h"}""");
        Assert.Null(response!.Data);
        var auth = response.Auth!;
        Assert.Matches(new Regex("^hvs\\.[A-Za-z0-9]{24}$"), auth["client_token"]!.GetValue<string>());
        Assert.Equal(24, auth["accessor"]!.GetValue<string>().Length);
        Assert.Equal(["default", "known-a", "web"], Strings(auth["policies"]));
        Assert.Equal(["default", "known-a", "web"], Strings(auth["token_policies"]));
        Assert.False(auth.ContainsKey("identity_policies"));
        Assert.Equal("armon", auth["metadata"]!["user"]!.GetValue<string>());
        Assert.Equal(3600, auth["lease_duration"]!.GetValue<long>());
        Assert.True(auth["renewable"]!.GetValue<bool>());
        Assert.Equal("", auth["entity_id"]!.GetValue<string>());
        Assert.Equal("service", auth["token_type"]!.GetValue<string>());
        Assert.False(auth["orphan"]!.GetValue<bool>());
        Assert.True(auth.ContainsKey("mfa_requirement"));
        Assert.Null(auth["mfa_requirement"]);
        Assert.Equal(0, auth["num_uses"]!.GetValue<int>());
        Assert.Equal(["Policy \"web\" does not exist"], response.Warnings);
    }

    [Fact]
    public async Task LookupReturnsExactlyVaultsFields()
    {
        var h = await TokenHarness.StartAsync();
        var token = await h.CreateAsync("""{"ttl":"1h","display_name":"my app!"}""");
        h.Clock.Advance(TimeSpan.FromMinutes(10));
        var data = await h.LookupAsync(token);
        Assert.Equal(
            ["accessor", "creation_time", "creation_ttl", "display_name", "entity_id", "expire_time", "explicit_max_ttl", "id",
             "issue_time", "meta", "num_uses", "orphan", "path", "policies", "renewable", "ttl", "type"],
            data.Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.Equal(token, data["id"]!.GetValue<string>());
        Assert.Equal("token-my-app", data["display_name"]!.GetValue<string>());
        Assert.Equal("auth/token/create", data["path"]!.GetValue<string>());
        Assert.Equal("2030-01-01T13:00:00Z", data["expire_time"]!.GetValue<string>());
        Assert.Equal("2030-01-01T12:00:00Z", data["issue_time"]!.GetValue<string>());
        Assert.Equal(new DateTimeOffset(2030, 1, 1, 12, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds(), data["creation_time"]!.GetValue<long>());
        Assert.Equal(3600, data["creation_ttl"]!.GetValue<long>());
        Assert.Equal(3000, data["ttl"]!.GetValue<long>());
        Assert.Equal(["root"], Strings(data["policies"]));
        Assert.Null(data["meta"]);
        Assert.False(data["orphan"]!.GetValue<bool>());
        Assert.True(data["renewable"]!.GetValue<bool>());
    }

    [Fact]
    public async Task RenewalRunsFromNowAndIsRecorded()
    {
        var h = await TokenHarness.StartAsync();
        var token = await h.CreateAsync("""{"ttl":"1h"}""");
        h.Clock.Advance(TimeSpan.FromMinutes(30));
        var renewed = await h.SendAsync(Operation.Update, "renew", $$"""{"token":"{{token}}","increment":"2h"}""");
        Assert.Equal(7200, renewed!.Auth!["lease_duration"]!.GetValue<long>());
        Assert.Equal(token, renewed.Auth["client_token"]!.GetValue<string>());
        var data = await h.LookupAsync(token);
        Assert.Equal("2030-01-01T14:30:00Z", data["expire_time"]!.GetValue<string>());
        Assert.Equal(h.Clock.UtcNow.ToUnixTimeSeconds(), data["last_renewal_time"]!.GetValue<long>());
        Assert.Equal("2030-01-01T12:30:00Z", data["last_renewal"]!.GetValue<string>());
        Assert.Equal(3600, data["creation_ttl"]!.GetValue<long>());

        h.Clock.Advance(TimeSpan.FromMinutes(10));
        var again = await h.SendAsync(Operation.Update, "renew-self", "{}", token);
        Assert.Equal(3600, again!.Auth!["lease_duration"]!.GetValue<long>());
    }

    [Fact]
    public async Task RevokedTokensStopWorkingAndRevokingTwiceIsFine()
    {
        var h = await TokenHarness.StartAsync();
        var token = await h.CreateAsync();
        Assert.Null(await h.SendAsync(Operation.Update, "revoke", $$"""{"token":"{{token}}"}"""));
        var error = await h.FailsAsync(Operation.Update, "lookup", $$"""{"token":"{{token}}"}""");
        Assert.Equal(HttpStatusCode.Forbidden, error.Status);
        var denied = await Assert.ThrowsAsync<CofferError>(() => h.Store.AuthenticateAsync(token, null));
        Assert.Equal("permission denied", denied.Message);
        Assert.Null(await h.SendAsync(Operation.Update, "revoke", $$"""{"token":"{{token}}"}"""));
    }

    [Fact]
    public async Task RevokeSelfAndRevokeAccessor()
    {
        var h = await TokenHarness.StartAsync();
        var self = await h.CreateAsync();
        Assert.Null(await h.SendAsync(Operation.Update, "revoke-self", null, self));
        Assert.Null(await h.Store.LookupAsync(self));

        var other = await h.CreateAsync();
        var accessor = (await h.LookupAsync(other))["accessor"]!.GetValue<string>();
        var byAccessor = await h.SendAsync(Operation.Update, "lookup-accessor", $$"""{"accessor":"{{accessor}}"}""");
        Assert.Equal("", byAccessor!.Data!["id"]!.GetValue<string>());
        Assert.Equal(accessor, byAccessor.Data["accessor"]!.GetValue<string>());
        Assert.Null(await h.SendAsync(Operation.Update, "revoke-accessor", $$"""{"accessor":"{{accessor}}"}"""));
        Assert.Null(await h.Store.LookupAsync(other));
        Assert.Null(await h.Store.LookupByAccessorAsync(accessor));
    }

    [Fact]
    public async Task TokensAreNeverStoredInClear()
    {
        var h = await TokenHarness.StartAsync();
        var parent = await h.CreateAsync("""{"policies":["a"]}""");
        var child = await h.CreateAsync("""{"policies":["a"]}""", parent);
        var custom = await h.CreateAsync("""{"id":"custom-token-value-42"}""");
        var batch = await h.CreateAsync("""{"type":"batch","policies":["a"]}""");
        var dump = await h.DumpStorageAsync();
        Assert.Contains(dump, e => e.Key == TokenStore.SaltPath);
        Assert.Contains(dump, e => Regex.IsMatch(e.Key, "^sys/token/id/[0-9a-f]{64}$"));
        Assert.Contains(dump, e => e.Key.StartsWith("sys/token/parent/", StringComparison.Ordinal));
        foreach (var token in new[] { h.RootToken, parent, child, custom, batch })
        {
            var secret = token.StartsWith("hvs.", StringComparison.Ordinal) ? token[4..] : token;
            Assert.DoesNotContain(dump, e => e.Key.Contains(secret, StringComparison.Ordinal) || e.Value.Contains(secret, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task TokensSurviveAReload()
    {
        var h = await TokenHarness.StartAsync();
        var token = await h.CreateAsync("""{"ttl":"1h"}""");
        var batch = await h.CreateAsync("""{"type":"batch","ttl":"1h","policies":["a"]}""");
        h.Store.Unload();
        await Assert.ThrowsAsync<CofferError>(() => h.Store.LookupAsync(token));
        await h.Store.LoadAsync();
        Assert.NotNull(await h.Store.LookupAsync(token));
        Assert.NotNull(await h.Store.LookupAsync(batch));
        Assert.NotNull(await h.Store.LookupAsync(h.RootToken));
    }

    [Fact]
    public async Task AuthenticationIsServedFromMemory()
    {
        var h = await TokenHarness.StartAsync();
        var token = await h.CreateAsync("""{"policies":["a"]}""");
        h.Store.Unload();
        await h.Store.LoadAsync();
        var readsAfterLoad = h.Storage.Reads;
        for (var i = 0; i < 20; i++)
        {
            await h.Store.AuthenticateAsync(token, "127.0.0.1");
            await h.Store.AuthenticateAsync(h.RootToken, "127.0.0.1");
        }
        Assert.Equal(readsAfterLoad, h.Storage.Reads);
    }

    [Fact]
    public async Task OnlyRootMayChooseTheTokenId()
    {
        var h = await TokenHarness.StartAsync();
        var chosen = await h.CreateAsync("""{"id":"my-token"}""");
        Assert.Equal("my-token", chosen);
        Assert.NotNull(await h.Store.LookupAsync("my-token"));
        Assert.Equal("cannot create a token with a duplicate ID", (await h.FailsAsync(Operation.Update, "create", """{"id":"my-token"}""")).Message);
        Assert.Equal("token IDs can not contain a '.'", (await h.FailsAsync(Operation.Update, "create", """{"id":"hvs.x"}""")).Message);
        var plain = await h.CreateAsync("""{"policies":["a"]}""");
        var error = await h.FailsAsync(Operation.Update, "create", """{"id":"mine"}""", plain, sudo: true);
        Assert.Equal("root privileges required to specify token id", error.Message);
    }

    [Fact]
    public async Task TokensCarryTheRequestNamespace()
    {
        var h = await TokenHarness.StartAsync();
        var response = await h.SendAsync(Operation.Update, "create", "{}", namespaceId: "ns1");
        var entry = await h.Store.LookupAsync(response!.Auth!["client_token"]!.GetValue<string>());
        Assert.Equal("ns1", entry!.NamespaceId);
    }

    internal static List<string> Strings(JsonNode? node) => node!.AsArray().Select(n => n!.GetValue<string>()).ToList();
}
