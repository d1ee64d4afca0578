using System.Net;
using Coffer.Core.Routing;
using static Coffer.Core.Tests.Auth.AuthMountFixture;

namespace Coffer.Core.Tests.Auth;

public sealed class AppRoleRoleTests
{
    [Fact]
    public async Task CreateReadListDelete()
    {
        var approle = await AppRoleHarness.StartAsync();
        Assert.Null(await approle.SendAsync(Operation.Update, "role/web",
            """{"token_policies":"web,default","token_ttl":"20m","token_max_ttl":1800,"secret_id_ttl":"10m","secret_id_num_uses":"40","secret_id_bound_cidrs":"10.0.0.0/8"}"""));
        await approle.SendAsync(Operation.Update, "role/batch", """{"token_type":"batch"}""");

        var read = await approle.DataAsync(Operation.Read, "role/web");
        Assert.True(read["bind_secret_id"]!.GetValue<bool>());
        Assert.False(read["local_secret_ids"]!.GetValue<bool>());
        Assert.Equal(1200, read["token_ttl"]!.GetValue<long>());
        Assert.Equal(1800, read["token_max_ttl"]!.GetValue<long>());
        Assert.Equal(600, read["secret_id_ttl"]!.GetValue<long>());
        Assert.Equal(40, read["secret_id_num_uses"]!.GetValue<long>());
        Assert.Equal(["10.0.0.0/8"], read["secret_id_bound_cidrs"]!.AsArray().Select(c => c!.GetValue<string>()));
        Assert.Equal(["default", "web"], read["token_policies"]!.AsArray().Select(c => c!.GetValue<string>()));
        Assert.Equal(0, read["token_period"]!.GetValue<long>());
        Assert.Null(read["role_id"]);
        Assert.Null(read["policies"]);

        Assert.Equal(["batch", "web"], AppRoleHarness.Keys(await approle.SendAsync(Operation.List, "role/")));
        Assert.Null(await approle.SendAsync(Operation.Delete, "role/web"));
        Assert.Null(await approle.SendAsync(Operation.Read, "role/web"));
        Assert.Null(await approle.SendAsync(Operation.Delete, "role/web"));
        Assert.Equal(["batch"], AppRoleHarness.Keys(await approle.SendAsync(Operation.List, "role")));
    }

    [Fact]
    public async Task UpdatesKeepUnsentFieldsAndLegacyNamesAreEchoed()
    {
        var approle = await AppRoleHarness.StartAsync();
        await approle.SendAsync(Operation.Update, "role/web", """{"policies":["a"],"period":"1h","bound_cidr_list":"10.0.0.0/8","secret_id_num_uses":3}""");
        await approle.SendAsync(Operation.Update, "role/web", """{"token_ttl":60}""");
        var read = await approle.DataAsync(Operation.Read, "role/web");
        Assert.Equal(["a"], read["policies"]!.AsArray().Select(c => c!.GetValue<string>()));
        Assert.Equal(["a"], read["token_policies"]!.AsArray().Select(c => c!.GetValue<string>()));
        Assert.Equal(3600, read["period"]!.GetValue<long>());
        Assert.Equal(3600, read["token_period"]!.GetValue<long>());
        Assert.Equal(["10.0.0.0/8"], read["secret_id_bound_cidrs"]!.AsArray().Select(c => c!.GetValue<string>()));
        Assert.Equal(3, read["secret_id_num_uses"]!.GetValue<long>());
        Assert.Equal(60, read["token_ttl"]!.GetValue<long>());
    }

    [Fact]
    public async Task ARoleNeedsAtLeastOneConstraint()
    {
        var approle = await AppRoleHarness.StartAsync();
        var error = await FailsWithAsync(HttpStatusCode.BadRequest, () => approle.SendAsync(Operation.Update, "role/open", """{"bind_secret_id":false}"""));
        Assert.Equal("at least one constraint should be enabled on the role", error.Message);
        Assert.Null(await approle.SendAsync(Operation.Read, "role/open"));

        await approle.SendAsync(Operation.Update, "role/cidr", """{"bind_secret_id":"false","secret_id_bound_cidrs":"10.0.0.0/8"}""");
        await approle.SendAsync(Operation.Update, "role/tok", """{"bind_secret_id":false,"token_bound_cidrs":["127.0.0.1/32"]}""");
        await FailsWithAsync(HttpStatusCode.BadRequest, () => approle.SendAsync(Operation.Update, "role/cidr", """{"secret_id_bound_cidrs":[]}"""));
        await FailsWithAsync(HttpStatusCode.BadRequest, () => approle.SendAsync(Operation.Delete, "role/tok/token-bound-cidrs"));
        Assert.Single((await approle.DataAsync(Operation.Read, "role/tok"))["token_bound_cidrs"]!.AsArray());
    }

    [Theory]
    [InlineData("""{"bind_secret_id":"perhaps"}""")]
    [InlineData("""{"secret_id_num_uses":-1}""")]
    [InlineData("""{"secret_id_num_uses":"lots"}""")]
    [InlineData("""{"secret_id_ttl":"forever"}""")]
    [InlineData("""{"secret_id_bound_cidrs":"10.0.0.0/99"}""")]
    [InlineData("""{"token_bound_cidrs":["nope"]}""")]
    [InlineData("""{"token_ttl":{"a":1}}""")]
    [InlineData("""{"token_type":"default-service"}""")]
    [InlineData("""{"local_secret_ids":[true]}""")]
    public async Task BadInputIs400(string json)
    {
        var approle = await AppRoleHarness.StartAsync();
        await FailsWithAsync(HttpStatusCode.BadRequest, () => approle.SendAsync(Operation.Update, "role/web", json));
        Assert.Null(await approle.SendAsync(Operation.Read, "role/web"));
    }

    [Theory]
    [InlineData("bad/name/x/y/z")]
    [InlineData("semi;colon")]
    [InlineData("star*")]
    public async Task BadRoleNamesAreRefused(string name)
    {
        var approle = await AppRoleHarness.StartAsync();
        await Assert.ThrowsAsync<CofferError>(() => approle.SendAsync(Operation.Update, $"role/{name}", "{}"));
        await FailsWithAsync(HttpStatusCode.BadRequest, () => approle.SendAsync(Operation.Update, $"role/{new string('x', 4096)}", "{}"));
    }

    [Fact]
    public async Task RoleNamesAreCaseInsensitiveAndAllowSpacesAndDots()
    {
        var approle = await AppRoleHarness.StartAsync();
        await approle.SendAsync(Operation.Update, "role/My App.v2", "{}");
        Assert.NotNull(await approle.SendAsync(Operation.Read, "role/my app.v2"));
        Assert.True(await approle.Backend.ExistsAsync(Request(Operation.Update, "approle", "role/MY APP.V2"), CancellationToken.None));
        Assert.False(await approle.Backend.ExistsAsync(Request(Operation.Update, "approle", "role/other"), CancellationToken.None));
        Assert.Null(await approle.Backend.ExistsAsync(Request(Operation.Update, "approle", "role/other/secret-id"), CancellationToken.None));
    }

    [Fact]
    public async Task LocalSecretIdsCanOnlyBeSetAtCreation()
    {
        var approle = await AppRoleHarness.StartAsync();
        await approle.SendAsync(Operation.Update, "role/web", """{"local_secret_ids":true}""");
        Assert.True((await approle.DataAsync(Operation.Read, "role/web"))["local_secret_ids"]!.GetValue<bool>());
        await approle.SendAsync(Operation.Update, "role/web", """{"local_secret_ids":true,"token_ttl":5}""");
        await FailsWithAsync(HttpStatusCode.BadRequest, () => approle.SendAsync(Operation.Update, "role/web", """{"local_secret_ids":false}"""));
        await FailsWithAsync(HttpStatusCode.MethodNotAllowed, () => approle.SendAsync(Operation.Update, "role/web/local-secret-ids", """{"local_secret_ids":false}"""));
        Assert.True((await approle.DataAsync(Operation.Read, "role/web/local-secret-ids"))["local_secret_ids"]!.GetValue<bool>());

        var (secretId, _) = await approle.NewSecretIdAsync("web");
        Assert.NotNull(await approle.LoginAsync(await approle.RoleIdAsync("web"), secretId));
        var keys = (await approle.Mount.PlaintextDumpAsync()).Keys.ToList();
        Assert.Contains(keys, k => k.StartsWith("secret_id_local/", StringComparison.Ordinal));
        Assert.Contains(keys, k => k.StartsWith("accessor_local/", StringComparison.Ordinal));
        Assert.DoesNotContain(keys, k => k.StartsWith("secret_id/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RoleIdsAreUuidsAndCanBeSetToUniqueCustomValues()
    {
        var approle = await AppRoleHarness.StartAsync();
        await approle.SendAsync(Operation.Update, "role/web", "{}");
        await approle.SendAsync(Operation.Update, "role/api", """{"role_id":"api-fixed-id"}""");
        Assert.Matches("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", await approle.RoleIdAsync("web"));
        Assert.Equal("api-fixed-id", await approle.RoleIdAsync("api"));

        var (secretId, _) = await approle.NewSecretIdAsync("web");
        Assert.Null(await approle.SendAsync(Operation.Update, "role/web/role-id", """{"role_id":"custom-web"}"""));
        Assert.Equal("custom-web", await approle.RoleIdAsync("web"));
        Assert.Equal("custom-web", (await approle.LoginAsync("custom-web", secretId)).AliasName);

        var taken = await FailsWithAsync(HttpStatusCode.BadRequest,
            () => approle.SendAsync(Operation.Update, "role/web/role-id", """{"role_id":"api-fixed-id"}"""));
        Assert.Equal("role_id already in use", taken.Message);
        await FailsWithAsync(HttpStatusCode.BadRequest, () => approle.SendAsync(Operation.Update, "role/web/role-id", "{}"));
        await FailsWithAsync(HttpStatusCode.BadRequest, () => approle.SendAsync(Operation.Update, "role/ghost/role-id", """{"role_id":"x"}"""));
        Assert.Null(await approle.SendAsync(Operation.Read, "role/ghost/role-id"));
    }

    [Fact]
    public async Task FieldEndpointsReadWriteAndReset()
    {
        var approle = await AppRoleHarness.StartAsync();
        await approle.SendAsync(Operation.Update, "role/web", """{"token_policies":"a","secret_id_num_uses":5,"token_ttl":60}""");

        Assert.Equal(["a"], (await approle.DataAsync(Operation.Read, "role/web/policies"))["token_policies"]!.AsArray().Select(p => p!.GetValue<string>()));
        await approle.SendAsync(Operation.Update, "role/web/policies", """{"token_policies":"b,c"}""");
        Assert.Equal(["b", "c"], (await approle.DataAsync(Operation.Read, "role/web"))["token_policies"]!.AsArray().Select(p => p!.GetValue<string>()));

        await approle.SendAsync(Operation.Update, "role/web/secret-id-num-uses", """{"secret_id_num_uses":"9"}""");
        Assert.Equal(9, (await approle.DataAsync(Operation.Read, "role/web/secret-id-num-uses"))["secret_id_num_uses"]!.GetValue<long>());
        await approle.SendAsync(Operation.Update, "role/web/secret-id-ttl", """{"secret_id_ttl":"2h"}""");
        Assert.Equal(7200, (await approle.DataAsync(Operation.Read, "role/web/secret-id-ttl"))["secret_id_ttl"]!.GetValue<long>());
        await approle.SendAsync(Operation.Update, "role/web/token-max-ttl", """{"token_max_ttl":"1h"}""");
        await approle.SendAsync(Operation.Update, "role/web/token-ttl", """{"token_ttl":"30m"}""");
        Assert.Equal(1800, (await approle.DataAsync(Operation.Read, "role/web/token-ttl"))["token_ttl"]!.GetValue<long>());
        await FailsWithAsync(HttpStatusCode.BadRequest, () => approle.SendAsync(Operation.Update, "role/web/token-ttl", """{"token_ttl":"2h"}"""));
        await approle.SendAsync(Operation.Update, "role/web/period", """{"period":"5m"}""");
        var period = await approle.DataAsync(Operation.Read, "role/web/period");
        Assert.Equal(300, period["token_period"]!.GetValue<long>());
        Assert.Equal(300, period["period"]!.GetValue<long>());
        await approle.SendAsync(Operation.Update, "role/web/bind-secret-id", """{"bind_secret_id":false}""".Replace("false", "true"));
        await FailsWithAsync(HttpStatusCode.BadRequest, () => approle.SendAsync(Operation.Update, "role/web/bind-secret-id", "{}"));

        await approle.SendAsync(Operation.Delete, "role/web/secret-id-num-uses");
        await approle.SendAsync(Operation.Delete, "role/web/policies");
        await approle.SendAsync(Operation.Delete, "role/web/period");
        var read = await approle.DataAsync(Operation.Read, "role/web");
        Assert.Equal(0, read["secret_id_num_uses"]!.GetValue<long>());
        Assert.Empty(read["token_policies"]!.AsArray());
        Assert.Equal(0, read["token_period"]!.GetValue<long>());
        Assert.Null(read["period"]);

        Assert.Null(await approle.SendAsync(Operation.Read, "role/ghost/token-ttl"));
        await FailsWithAsync(HttpStatusCode.BadRequest, () => approle.SendAsync(Operation.Update, "role/ghost/token-ttl", """{"token_ttl":1}"""));
        await FailsWithAsync(HttpStatusCode.NotFound, () => approle.SendAsync(Operation.Read, "role/web/no-such-field"));
    }
}
