using System.Net;
using Coffer.Core.Routing;
using static Coffer.Core.Tests.Auth.AuthMountFixture;

namespace Coffer.Core.Tests.Auth;

public sealed class AppRoleSecretIdTests
{
    [Fact]
    public async Task GenerateListLookupDestroy()
    {
        var approle = await AppRoleHarness.StartAsync();
        await approle.SendAsync(Operation.Update, "role/web", """{"secret_id_ttl":"1h","secret_id_num_uses":10}""");
        var issued = await approle.DataAsync(Operation.Update, "role/web/secret-id",
            """{"metadata":"{\"tag\":\"prod\"}","ttl":600,"num_uses":"5","cidr_list":"127.0.0.0/8"}""");
        var secretId = issued["secret_id"]!.GetValue<string>();
        var accessor = issued["secret_id_accessor"]!.GetValue<string>();
        Assert.Matches("^[0-9a-f-]{36}$", secretId);
        Assert.Equal(600, issued["secret_id_ttl"]!.GetValue<long>());
        Assert.Equal(5, issued["secret_id_num_uses"]!.GetValue<long>());
        var (_, second) = await approle.NewSecretIdAsync("web");

        Assert.Equal(new[] { accessor, second }.Order(), AppRoleHarness.Keys(await approle.SendAsync(Operation.List, "role/web/secret-id/")).Order());

        var lookup = await approle.DataAsync(Operation.Update, "role/web/secret-id/lookup", $$"""{"secret_id":"{{secretId}}"}""");
        Assert.Equal(accessor, lookup["secret_id_accessor"]!.GetValue<string>());
        Assert.Equal("prod", lookup["metadata"]!["tag"]!.GetValue<string>());
        Assert.Equal(["127.0.0.0/8"], lookup["cidr_list"]!.AsArray().Select(c => c!.GetValue<string>()));
        Assert.Empty(lookup["token_bound_cidrs"]!.AsArray());
        Assert.Equal("2025-01-01T12:00:00Z", lookup["creation_time"]!.GetValue<string>());
        Assert.Equal("2025-01-01T12:10:00Z", lookup["expiration_time"]!.GetValue<string>());
        Assert.Equal(5, lookup["secret_id_num_uses"]!.GetValue<long>());
        Assert.Null(lookup["secret_id"]);

        var byAccessor = await approle.DataAsync(Operation.Update, "role/web/secret-id-accessor/lookup", $$"""{"secret_id_accessor":"{{accessor}}"}""");
        Assert.Equal(lookup.ToJsonString(), byAccessor.ToJsonString());

        Assert.Null(await approle.SendAsync(Operation.Update, "role/web/secret-id/destroy", $$"""{"secret_id":"{{secretId}}"}"""));
        Assert.Null(await approle.SendAsync(Operation.Update, "role/web/secret-id/lookup", $$"""{"secret_id":"{{secretId}}"}"""));
        await FailsWithAsync(HttpStatusCode.NotFound,
            () => approle.SendAsync(Operation.Update, "role/web/secret-id-accessor/lookup", $$"""{"secret_id_accessor":"{{accessor}}"}"""));

        Assert.Null(await approle.SendAsync(Operation.Update, "role/web/secret-id-accessor/destroy", $$"""{"secret_id_accessor":"{{second}}"}"""));
        Assert.Empty(AppRoleHarness.Keys(await approle.SendAsync(Operation.List, "role/web/secret-id")));
        Assert.DoesNotContain((await approle.Mount.PlaintextDumpAsync()).Keys, k => k.StartsWith("accessor/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SecretIdsAreStoredOnlyAsHmacs()
    {
        var approle = await AppRoleHarness.StartAsync();
        await approle.SendAsync(Operation.Update, "role/web", "{}");
        var (secretId, _) = await approle.NewSecretIdAsync("web");
        await approle.SendAsync(Operation.Update, "role/web/custom-secret-id", """{"secret_id":"my-custom-secret-value"}""");
        var dump = await approle.Mount.PlaintextDumpAsync();
        foreach (var (key, value) in dump)
        {
            Assert.DoesNotContain(secretId, key + value);
            Assert.DoesNotContain("my-custom-secret-value", key + value);
        }
        var roleId = await approle.RoleIdAsync("web");
        Assert.DoesNotContain(dump.Keys, k => k.Contains(roleId));
    }

    [Fact]
    public async Task CustomSecretIdsMustBeNew()
    {
        var approle = await AppRoleHarness.StartAsync();
        await approle.SendAsync(Operation.Update, "role/web", "{}");
        var custom = await approle.DataAsync(Operation.Update, "role/web/custom-secret-id", """{"secret_id":"s3cret","num_uses":2}""");
        Assert.Equal("s3cret", custom["secret_id"]!.GetValue<string>());
        Assert.Equal(2, custom["secret_id_num_uses"]!.GetValue<long>());
        var duplicate = await FailsWithAsync(HttpStatusCode.BadRequest,
            () => approle.SendAsync(Operation.Update, "role/web/custom-secret-id", """{"secret_id":"s3cret"}"""));
        Assert.Equal("SecretID is already registered", duplicate.Message);
        await FailsWithAsync(HttpStatusCode.BadRequest, () => approle.SendAsync(Operation.Update, "role/web/custom-secret-id", "{}"));
        Assert.Equal("web", (await approle.LoginAsync(await approle.RoleIdAsync("web"), "s3cret")).Metadata["role_name"]);
    }

    [Theory]
    [InlineData("""{"num_uses":11}""")]
    [InlineData("""{"num_uses":0}""")]
    [InlineData("""{"num_uses":-1}""")]
    [InlineData("""{"num_uses":"x"}""")]
    [InlineData("""{"ttl":"2h"}""")]
    [InlineData("""{"ttl":0}""")]
    [InlineData("""{"ttl":"whenever"}""")]
    [InlineData("""{"cidr_list":"192.168.0.0/16"}""")]
    [InlineData("""{"cidr_list":"10.0.0.0/4"}""")]
    [InlineData("""{"cidr_list":"not-a-cidr"}""")]
    [InlineData("""{"token_bound_cidrs":"172.16.0.0/12"}""")]
    [InlineData("""{"metadata":"not json"}""")]
    [InlineData("""{"metadata":"{\"n\":1}"}""")]
    [InlineData("""{"metadata":["a"]}""")]
    public async Task SecretIdsCannotWidenTheRole(string json)
    {
        var approle = await AppRoleHarness.StartAsync();
        await approle.SendAsync(Operation.Update, "role/web",
            """{"secret_id_num_uses":10,"secret_id_ttl":"1h","secret_id_bound_cidrs":"10.0.0.0/8","token_bound_cidrs":"10.0.0.0/8"}""");
        await FailsWithAsync(HttpStatusCode.BadRequest, () => approle.SendAsync(Operation.Update, "role/web/secret-id", json));
        Assert.Empty(AppRoleHarness.Keys(await approle.SendAsync(Operation.List, "role/web/secret-id")));
    }

    [Fact]
    public async Task DefaultsComeFromTheRoleAndMetadataMayBeAnObject()
    {
        var approle = await AppRoleHarness.StartAsync();
        await approle.SendAsync(Operation.Update, "role/web", """{"secret_id_num_uses":3,"secret_id_ttl":"10m"}""");
        var issued = await approle.DataAsync(Operation.Update, "role/web/secret-id", """{"metadata":{"team":"blue"}}""");
        Assert.Equal(3, issued["secret_id_num_uses"]!.GetValue<long>());
        Assert.Equal(600, issued["secret_id_ttl"]!.GetValue<long>());
        var lookup = await approle.DataAsync(Operation.Update, "role/web/secret-id/lookup",
            $$"""{"secret_id":"{{issued["secret_id"]!.GetValue<string>()}}"}""");
        Assert.Equal("blue", lookup["metadata"]!["team"]!.GetValue<string>());
    }

    [Fact]
    public async Task RolesWithoutBindSecretIdIssueNoSecretIds()
    {
        var approle = await AppRoleHarness.StartAsync();
        await approle.SendAsync(Operation.Update, "role/open", """{"bind_secret_id":false,"secret_id_bound_cidrs":"127.0.0.0/8"}""");
        var error = await FailsWithAsync(HttpStatusCode.BadRequest, () => approle.SendAsync(Operation.Update, "role/open/secret-id", "{}"));
        Assert.Equal("bind_secret_id is not set on the role", error.Message);
        await FailsWithAsync(HttpStatusCode.BadRequest, () => approle.SendAsync(Operation.Update, "role/ghost/secret-id", "{}"));
        Assert.Null(await approle.SendAsync(Operation.List, "role/ghost/secret-id"));
    }

    [Fact]
    public async Task AccessorsOfOtherRolesAreNotVisible()
    {
        var approle = await AppRoleHarness.StartAsync();
        await approle.SendAsync(Operation.Update, "role/a", "{}");
        await approle.SendAsync(Operation.Update, "role/b", "{}");
        var (secretA, accessorA) = await approle.NewSecretIdAsync("a");
        await FailsWithAsync(HttpStatusCode.NotFound,
            () => approle.SendAsync(Operation.Update, "role/b/secret-id-accessor/destroy", $$"""{"secret_id_accessor":"{{accessorA}}"}"""));
        Assert.Null(await approle.SendAsync(Operation.Update, "role/b/secret-id/lookup", $$"""{"secret_id":"{{secretA}}"}"""));
        await FailsWithAsync(HttpStatusCode.BadRequest, async () => await approle.LoginAsync(await approle.RoleIdAsync("b"), secretA));
        Assert.NotNull(await approle.LoginAsync(await approle.RoleIdAsync("a"), secretA));
    }

    [Fact]
    public async Task DeletingARoleRemovesItsSecretIdsForGood()
    {
        var approle = await AppRoleHarness.StartAsync();
        await approle.SendAsync(Operation.Update, "role/web", """{"role_id":"web-id"}""");
        var (secretId, _) = await approle.NewSecretIdAsync("web");
        await approle.SendAsync(Operation.Delete, "role/web");
        var left = (await approle.Mount.PlaintextDumpAsync()).Keys.Where(k => k != "salt");
        Assert.Empty(left);

        await approle.SendAsync(Operation.Update, "role/web", """{"role_id":"web-id"}""");
        await FailsWithAsync(HttpStatusCode.BadRequest, () => approle.LoginAsync("web-id", secretId));
    }

    [Fact]
    public async Task DestroyAcceptsDeleteAndIgnoresUnknownSecretIds()
    {
        var approle = await AppRoleHarness.StartAsync();
        await approle.SendAsync(Operation.Update, "role/web", "{}");
        var (secretId, _) = await approle.NewSecretIdAsync("web");
        Assert.Null(await approle.SendAsync(Operation.Delete, "role/web/secret-id/destroy", $$"""{"secret_id":"{{secretId}}"}"""));
        Assert.Null(await approle.SendAsync(Operation.Update, "role/web/secret-id/destroy", """{"secret_id":"unknown"}"""));
        await FailsWithAsync(HttpStatusCode.BadRequest, () => approle.SendAsync(Operation.Update, "role/web/secret-id/destroy", "{}"));
        await FailsWithAsync(HttpStatusCode.BadRequest, async () => await approle.LoginAsync(await approle.RoleIdAsync("web"), secretId));
    }
}
