using Coffer.Core.Routing;

namespace Coffer.Core.Tests.Tokens;

public sealed class TokenRoleTests
{
    [Fact]
    public async Task RolesCanBeWrittenReadListedAndDeleted()
    {
        var h = await TokenHarness.StartAsync();
        var request = new Request { Operation = Operation.Update, Path = "auth/token/roles/r1", MountRelativePath = "roles/r1" };
        Assert.False(await h.Backend.ExistsAsync(request, CancellationToken.None));
        Assert.Null(await h.SendAsync(Operation.Update, "roles/r1", """{"allowed_policies":"a,B","orphan":true,"period":"1h","path_suffix":"v1"}"""));
        Assert.True(await h.Backend.ExistsAsync(request, CancellationToken.None));

        var data = (await h.SendAsync(Operation.Read, "roles/r1"))!.Data!;
        Assert.Equal(
            ["allowed_entity_aliases", "allowed_policies", "allowed_policies_glob", "disallowed_policies", "disallowed_policies_glob",
             "explicit_max_ttl", "name", "orphan", "path_suffix", "period", "renewable", "token_bound_cidrs", "token_explicit_max_ttl",
             "token_no_default_policy", "token_num_uses", "token_period", "token_type"],
            data.Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.Equal(["a", "b"], ServiceTokenTests.Strings(data["allowed_policies"]));
        Assert.True(data["orphan"]!.GetValue<bool>());
        Assert.Equal(3600, data["period"]!.GetValue<long>());
        Assert.Equal(3600, data["token_period"]!.GetValue<long>());
        Assert.Equal("v1", data["path_suffix"]!.GetValue<string>());
        Assert.True(data["renewable"]!.GetValue<bool>());
        Assert.Equal("default-service", data["token_type"]!.GetValue<string>());
        Assert.Equal("r1", data["name"]!.GetValue<string>());

        await h.SendAsync(Operation.Update, "roles/r2", "{}");
        Assert.Equal(["r1", "r2"], ServiceTokenTests.Strings((await h.SendAsync(Operation.List, "roles/"))!.Data!["keys"]));
        Assert.Equal(["r1", "r2"], ServiceTokenTests.Strings((await h.SendAsync(Operation.List, "roles"))!.Data!["keys"]));

        await h.SendAsync(Operation.Update, "roles/r1", """{"renewable":false}""");
        var updated = (await h.SendAsync(Operation.Read, "roles/r1"))!.Data!;
        Assert.False(updated["renewable"]!.GetValue<bool>());
        Assert.Equal(["a", "b"], ServiceTokenTests.Strings(updated["allowed_policies"]));

        Assert.Null(await h.SendAsync(Operation.Delete, "roles/r1"));
        Assert.Null(await h.SendAsync(Operation.Read, "roles/r1"));
    }

    [Theory]
    [InlineData("""{"token_type":"batch"}""", "'token_type' cannot be 'batch' when role is set to generate non-orphan tokens")]
    [InlineData("""{"token_type":"batch","orphan":true}""", "'token_type' cannot be 'batch' when role is set to generate renewable tokens")]
    [InlineData("""{"token_type":"batch","orphan":true,"renewable":false,"token_period":"1h"}""", "'token_type' cannot be 'batch' when role is set to generate periodic tokens")]
    [InlineData("""{"token_type":"batch","orphan":true,"renewable":false,"explicit_max_ttl":60}""", "'token_type' cannot be 'batch' when role is set to generate tokens with an explicit max TTL")]
    [InlineData("""{"token_type":"sometimes"}""", "invalid 'token_type' value \"sometimes\"")]
    [InlineData("""{"path_suffix":"a/../b"}""", "error registering path suffix: path cannot contain parent references")]
    [InlineData("""{"path_suffix":"-x"}""", "given role path suffix contains invalid characters; must match ^\\w([\\w\\-./]*\\w)?$")]
    [InlineData("""{"token_num_uses":-1}""", "token_num_uses cannot be negative")]
    public async Task BadRolesAreRejected(string body, string error)
    {
        var h = await TokenHarness.StartAsync();
        Assert.Equal(error, (await h.FailsAsync(Operation.Update, "roles/r", body)).Message);
        Assert.Null(await h.SendAsync(Operation.Read, "roles/r"));
    }

    [Fact]
    public async Task BatchRolesIssueBatchTokens()
    {
        var h = await TokenHarness.StartAsync();
        await h.SendAsync(Operation.Update, "roles/fast", """{"token_type":"batch","orphan":true,"renewable":false,"allowed_policies":"a"}""");
        var auth = (await h.SendAsync(Operation.Update, "create/fast", "{}"))!.Auth!;
        Assert.Equal("batch", auth["token_type"]!.GetValue<string>());
        Assert.True(auth["orphan"]!.GetValue<bool>());
        Assert.StartsWith("hvb.", auth["client_token"]!.GetValue<string>());
    }

    [Fact]
    public async Task AllowedAndDisallowedPoliciesReplaceTheSubsetRule()
    {
        var h = await TokenHarness.StartAsync();
        var caller = await h.CreateAsync("""{"policies":["x"]}""");
        await h.SendAsync(Operation.Update, "roles/r", """{"allowed_policies":["a","b"],"allowed_policies_glob":"dev-*","path_suffix":"v1"}""");

        var defaults = (await h.SendAsync(Operation.Update, "create/r", "{}", caller, sudo: false))!.Auth!;
        Assert.Equal(["a", "b", "default"], ServiceTokenTests.Strings(defaults["policies"]));
        var some = (await h.SendAsync(Operation.Update, "create", """{"role_name":"r","policies":["a","dev-7"]}""", caller, sudo: false))!.Auth!;
        Assert.Equal(["a", "default", "dev-7"], ServiceTokenTests.Strings(some["policies"]));
        Assert.Equal("token policy \"c\" is not allowed by this role",
            (await h.FailsAsync(Operation.Update, "create/r", """{"policies":["c"]}""", caller, sudo: false)).Message);

        var lookup = await h.LookupAsync(some["client_token"]!.GetValue<string>());
        Assert.Equal("auth/token/create/r/v1", lookup["path"]!.GetValue<string>());
        Assert.Equal("r", lookup["role"]!.GetValue<string>());

        await h.SendAsync(Operation.Update, "roles/strict", """{"disallowed_policies":["default","x"],"disallowed_policies_glob":["adm*"]}""");
        // Inherited policies are checked too: the caller's "default" is disallowed here.
        Assert.Equal("token policy \"default\" is disallowed by this role",
            (await h.FailsAsync(Operation.Update, "create/strict", "{}", caller, sudo: false)).Message);
        Assert.Equal("token policy \"x\" is disallowed by this role",
            (await h.FailsAsync(Operation.Update, "create/strict", """{"policies":"x"}""", caller, sudo: false)).Message);
        Assert.Equal("token policy \"admin\" is disallowed by this role",
            (await h.FailsAsync(Operation.Update, "create/strict", """{"policies":"admin"}""", caller, sudo: false)).Message);
        var noDefault = (await h.SendAsync(Operation.Update, "create/strict", """{"policies":"y"}""", caller, sudo: false))!.Auth!;
        Assert.Equal(["y"], ServiceTokenTests.Strings(noDefault["policies"]));
    }

    [Fact]
    public async Task RolesGrantOrphansAndPeriodsWithoutSudo()
    {
        var h = await TokenHarness.StartAsync();
        var caller = await h.CreateAsync("""{"policies":["x"]}""");
        await h.SendAsync(Operation.Update, "roles/svc", """{"orphan":true,"token_period":"2h","token_num_uses":4,"token_no_default_policy":true}""");
        var auth = (await h.SendAsync(Operation.Update, "create/svc", """{"period":"0"}""", caller, sudo: false))!.Auth!;
        var token = auth["client_token"]!.GetValue<string>();
        Assert.True(auth["orphan"]!.GetValue<bool>());
        Assert.Equal(7200, auth["lease_duration"]!.GetValue<long>());
        Assert.Equal(4, auth["num_uses"]!.GetValue<int>());
        Assert.Equal(["x"], ServiceTokenTests.Strings(auth["policies"]));
        Assert.Equal(7200, (await h.LookupAsync(token))["period"]!.GetValue<long>());

        await h.SendAsync(Operation.Update, "revoke", $$"""{"token":"{{caller}}"}""");
        Assert.NotNull(await h.Store.LookupAsync(token));
    }

    [Fact]
    public async Task UnknownRolesAreA400()
    {
        var h = await TokenHarness.StartAsync();
        Assert.Equal("unknown role nope", (await h.FailsAsync(Operation.Update, "create/nope", "{}")).Message);
        Assert.Equal("unknown role nope", (await h.FailsAsync(Operation.Update, "create", """{"role_name":"nope"}""")).Message);
    }
}
