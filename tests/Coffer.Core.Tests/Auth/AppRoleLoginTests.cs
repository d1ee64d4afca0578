using System.Net;
using Coffer.Core.Barrier;
using Coffer.Core.Routing;
using static Coffer.Core.Tests.Auth.AuthMountFixture;

namespace Coffer.Core.Tests.Auth;

public sealed class AppRoleLoginTests
{
    [Fact]
    public async Task LoginReturnsTheRolesTokenSettings()
    {
        var approle = await AppRoleHarness.StartAsync();
        await approle.SendAsync(Operation.Update, "role/web",
            """{"token_policies":"web","token_ttl":"20m","token_max_ttl":"30m","token_num_uses":4,"token_explicit_max_ttl":"1h","token_no_default_policy":true}""");
        var (secretId, _) = await approle.NewSecretIdAsync("web", """{"metadata":"{\"env\":\"prod\",\"role_name\":\"spoofed\"}"}""");
        var roleId = await approle.RoleIdAsync("web");
        var login = await approle.LoginAsync(roleId, secretId);
        Assert.Equal(["web"], login.Policies);
        Assert.Equal(1200, login.TtlSeconds);
        Assert.Equal(1800, login.MaxTtlSeconds);
        Assert.Equal(3600, login.ExplicitMaxTtlSeconds);
        Assert.Equal(4, login.NumUses);
        Assert.True(login.NoDefaultPolicy);
        Assert.True(login.Renewable);
        Assert.Equal("web", login.Metadata["role_name"]);
        Assert.Equal("prod", login.Metadata["env"]);
        Assert.Equal(roleId, login.AliasName);
        // The core prefixes the mount, so the token is named "approle" as in Vault.
        Assert.Equal("", login.DisplayName);
        Assert.True(approle.Backend.IsUnauthenticated("login"));
        Assert.False(approle.Backend.IsUnauthenticated("role/web"));
    }

    [Fact]
    public async Task BadRoleOrSecretIdFailsTheSameWay()
    {
        var approle = await AppRoleHarness.StartAsync();
        await approle.SendAsync(Operation.Update, "role/web", "{}");
        var roleId = await approle.RoleIdAsync("web");
        var (secretId, _) = await approle.NewSecretIdAsync("web");
        var badSecret = await FailsWithAsync(HttpStatusCode.BadRequest, () => approle.LoginAsync(roleId, "wrong"));
        var badRole = await FailsWithAsync(HttpStatusCode.BadRequest, () => approle.LoginAsync("wrong", secretId));
        Assert.Equal("invalid role or secret ID", badSecret.Message);
        Assert.Equal(badSecret.Message, badRole.Message);
        Assert.Equal("missing secret_id", (await FailsWithAsync(HttpStatusCode.BadRequest, () => approle.LoginAsync(roleId, null))).Message);
        Assert.Equal("missing role_id", (await FailsWithAsync(HttpStatusCode.BadRequest, () => approle.SendAsync(Operation.Update, "login", "{}"))).Message);
        await FailsWithAsync(HttpStatusCode.BadRequest, () => approle.SendAsync(Operation.Update, "login", """{"role_id":{"x":1}}"""));
        await FailsWithAsync(HttpStatusCode.MethodNotAllowed, () => approle.SendAsync(Operation.Read, "login"));
    }

    [Fact]
    public async Task RolesWithoutBindSecretIdLogInWithTheRoleIdFromAllowedAddresses()
    {
        var approle = await AppRoleHarness.StartAsync();
        await approle.SendAsync(Operation.Update, "role/agent", """{"bind_secret_id":false,"secret_id_bound_cidrs":"10.0.0.0/8"}""");
        await approle.SendAsync(Operation.Update, "role/pinned", """{"bind_secret_id":false,"token_bound_cidrs":"10.0.0.0/8"}""");
        var agent = await approle.RoleIdAsync("agent");
        Assert.Equal("agent", (await approle.LoginAsync(agent, null, "10.2.3.4")).Metadata["role_name"]);
        await FailsWithAsync(HttpStatusCode.BadRequest, () => approle.LoginAsync(agent, null, "192.168.1.1"));
        var pinned = await approle.RoleIdAsync("pinned");
        var login = await approle.LoginAsync(pinned, "ignored", "10.2.3.4");
        Assert.Equal(["10.0.0.0/8"], login.BoundCidrs);
        await FailsWithAsync(HttpStatusCode.Forbidden, () => approle.LoginAsync(pinned, null, "192.168.1.1"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ExactlyNumUsesConcurrentLoginsSucceed(bool slowStorage)
    {
        var approle = await AppRoleHarness.StartAsync(slowStorage);
        await approle.SendAsync(Operation.Update, "role/web", "{}");
        var roleId = await approle.RoleIdAsync("web");
        var (secretId, accessor) = await approle.NewSecretIdAsync("web", """{"num_uses":5}""");

        var attempts = Enumerable.Range(0, 40).Select(_ => Task.Run(async () =>
        {
            try
            {
                await approle.LoginAsync(roleId, secretId);
                return true;
            }
            catch (CofferError error) when (error.Status == HttpStatusCode.BadRequest)
            {
                return false;
            }
        }));
        var results = await Task.WhenAll(attempts);
        Assert.Equal(5, results.Count(ok => ok));
        Assert.Empty(AppRoleHarness.Keys(await approle.SendAsync(Operation.List, "role/web/secret-id")));
        await FailsWithAsync(HttpStatusCode.NotFound,
            () => approle.SendAsync(Operation.Update, "role/web/secret-id-accessor/lookup", $$"""{"secret_id_accessor":"{{accessor}}"}"""));
    }

    [Fact]
    public async Task UsesAreCountedDown()
    {
        var approle = await AppRoleHarness.StartAsync();
        await approle.SendAsync(Operation.Update, "role/web", "{}");
        var roleId = await approle.RoleIdAsync("web");
        var (secretId, _) = await approle.NewSecretIdAsync("web", """{"num_uses":3}""");
        await approle.LoginAsync(roleId, secretId);
        approle.Mount.Clock.Advance(TimeSpan.FromSeconds(5));
        await approle.LoginAsync(roleId, secretId);
        var lookup = await approle.DataAsync(Operation.Update, "role/web/secret-id/lookup", $$"""{"secret_id":"{{secretId}}"}""");
        Assert.Equal(1, lookup["secret_id_num_uses"]!.GetValue<long>());
        Assert.Equal("2025-01-01T12:00:05Z", lookup["last_updated_time"]!.GetValue<string>());
        await approle.LoginAsync(roleId, secretId);
        await FailsWithAsync(HttpStatusCode.BadRequest, () => approle.LoginAsync(roleId, secretId));

        var (unlimited, _) = await approle.NewSecretIdAsync("web");
        for (var i = 0; i < 5; i++)
        {
            await approle.LoginAsync(roleId, unlimited);
        }
    }

    [Fact]
    public async Task ExpiredSecretIdsFailAndAreRemoved()
    {
        var approle = await AppRoleHarness.StartAsync();
        await approle.SendAsync(Operation.Update, "role/web", """{"secret_id_ttl":"10m"}""");
        var roleId = await approle.RoleIdAsync("web");
        var (secretId, _) = await approle.NewSecretIdAsync("web");
        approle.Mount.Clock.Advance(TimeSpan.FromMinutes(9));
        await approle.LoginAsync(roleId, secretId);
        approle.Mount.Clock.Advance(TimeSpan.FromMinutes(1));
        await FailsWithAsync(HttpStatusCode.BadRequest, () => approle.LoginAsync(roleId, secretId));
        Assert.Empty(AppRoleHarness.Keys(await approle.SendAsync(Operation.List, "role/web/secret-id")));
    }

    [Fact]
    public async Task SecretIdCidrsAreCheckedBeforeAUseIsTaken()
    {
        var approle = await AppRoleHarness.StartAsync();
        await approle.SendAsync(Operation.Update, "role/web", """{"secret_id_bound_cidrs":"10.0.0.0/8","token_bound_cidrs":"10.0.0.0/8"}""");
        var roleId = await approle.RoleIdAsync("web");
        var (secretId, _) = await approle.NewSecretIdAsync("web",
            """{"num_uses":1,"cidr_list":"10.1.0.0/16","token_bound_cidrs":"10.1.2.0/24"}""");

        await FailsWithAsync(HttpStatusCode.BadRequest, () => approle.LoginAsync(roleId, secretId, "192.168.0.1"));
        await FailsWithAsync(HttpStatusCode.BadRequest, () => approle.LoginAsync(roleId, secretId, "10.2.0.1"));
        await FailsWithAsync(HttpStatusCode.Forbidden, () => approle.LoginAsync(roleId, secretId, "10.1.9.9"));
        await FailsWithAsync(HttpStatusCode.BadRequest, () => approle.LoginAsync(roleId, secretId, null));
        var login = await approle.LoginAsync(roleId, secretId, "::ffff:10.1.2.3");
        Assert.Equal(["10.1.2.0/24"], login.BoundCidrs);
        await FailsWithAsync(HttpStatusCode.BadRequest, () => approle.LoginAsync(roleId, secretId, "10.1.2.3"));
    }

    [Fact]
    public async Task TidyRemovesExpiredAndOrphanedEntries()
    {
        var approle = await AppRoleHarness.StartAsync();
        await approle.SendAsync(Operation.Update, "role/web", "{}");
        var (shortLived, _) = await approle.NewSecretIdAsync("web", """{"ttl":"1m"}""");
        var (longLived, keptAccessor) = await approle.NewSecretIdAsync("web", """{"ttl":"1h"}""");
        var (forever, _) = await approle.NewSecretIdAsync("web");
        await approle.Mount.View.PutAsync("accessor/dangling", System.Text.Encoding.UTF8.GetBytes("""{"role_storage_id":"x","secret_id_hmac":"y"}"""));
        await approle.Mount.View.PutAsync("secret_id/deleted-role/abc", System.Text.Encoding.UTF8.GetBytes("""{"accessor":"zzz"}"""));
        approle.Mount.Clock.Advance(TimeSpan.FromMinutes(2));

        var tidy = await approle.SendAsync(Operation.Update, "tidy/secret-id");
        Assert.Equal(["Tidy operation successfully started. Any information from the operation will be printed to Vault's server logs."], tidy!.Warnings);
        Assert.Null(tidy.Data);

        var left = AppRoleHarness.Keys(await approle.SendAsync(Operation.List, "role/web/secret-id"));
        Assert.Equal(2, left.Count);
        Assert.Contains(keptAccessor, left);
        var keys = (await approle.Mount.PlaintextDumpAsync()).Keys.ToList();
        Assert.DoesNotContain("accessor/dangling", keys);
        Assert.DoesNotContain("secret_id/deleted-role/abc", keys);
        Assert.Equal(2, keys.Count(k => k.StartsWith("accessor/", StringComparison.Ordinal)));
        var roleId = await approle.RoleIdAsync("web");
        await approle.LoginAsync(roleId, longLived);
        await approle.LoginAsync(roleId, forever);
        await FailsWithAsync(HttpStatusCode.BadRequest, () => approle.LoginAsync(roleId, shortLived));
    }

    [Fact]
    public async Task BatchRolesIssueNonRenewableLogins()
    {
        var approle = await AppRoleHarness.StartAsync();
        await approle.SendAsync(Operation.Update, "role/jobs", """{"token_type":"batch","token_ttl":"5m"}""");
        var (secretId, _) = await approle.NewSecretIdAsync("jobs");
        var login = await approle.LoginAsync(await approle.RoleIdAsync("jobs"), secretId);
        Assert.Equal("batch", login.TokenType);
        Assert.False(login.Renewable);
    }
}
