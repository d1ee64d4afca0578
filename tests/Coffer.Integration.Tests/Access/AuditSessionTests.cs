using System.Text.Json.Nodes;

namespace Coffer.Integration.Tests.Access;

/// <summary>
/// spec/vault-api.md §10.2: a whole session through a file audit device leaves every credential and secret only as
/// an HMAC, and those HMACs are the ones <c>sys/audit-hash</c> computes.
/// </summary>
public sealed class AuditSessionTests(AccessServer fixture) : IClassFixture<AccessServer>
{
    private VaultApi Api => fixture.Api;
    private string Root => fixture.RootToken;

    [Fact]
    public async Task AFullSessionLeavesOnlyHmacsInTheLog()
    {
        var logPath = Path.Combine(fixture.Server.Directory, "session-audit.log");
        (await Api.PutAsync("sys/audit/file", Root,
            new JsonObject { ["type"] = "file", ["options"] = new JsonObject { ["file_path"] = logPath } }.ToJsonString())).ExpectNoContent();

        const string secretValue = "kv-value-6b1f0c2e";
        const string password = "pw-audit-93ae11";
        await Api.WritePolicyAsync(Root, "audit-app", """path "secret/audit/*" { capabilities = ["create", "read", "update"] }""");
        (await Api.PostAsync("sys/auth/userpass", Root, """{"type":"userpass"}""")).ExpectNoContent();
        (await Api.PostAsync("sys/auth/approle", Root, """{"type":"approle"}""")).ExpectNoContent();
        (await Api.PostAsync("auth/userpass/users/auditor", Root,
            new JsonObject { ["password"] = password, ["token_policies"] = "audit-app" }.ToJsonString())).ExpectNoContent();

        var login = (await Api.PostAsync("auth/userpass/login/auditor", null, new JsonObject { ["password"] = password }.ToJsonString())).ExpectOk();
        var userToken = login.ClientToken;
        var userAccessor = login.Auth!["accessor"]!.GetValue<string>();
        var child = await Api.CreateTokenAsync(Root, """{"policies":["audit-app"]}""");
        (await Api.PutAsync("secret/audit/db", userToken, new JsonObject { ["password"] = secretValue }.ToJsonString())).ExpectNoContent();
        Assert.Equal(secretValue, (await Api.GetAsync("secret/audit/db", child.ClientToken)).ExpectOk().String("password"));

        var wrapped = (await Api.GetAsync("secret/audit/db", userToken, VaultApi.WrapTtl("1m"))).ExpectOk();
        var wrappingToken = wrapped.WrapInfo!["token"]!.GetValue<string>();
        Assert.Equal(secretValue, (await Api.SendAsync("POST", "sys/wrapping/unwrap", wrappingToken)).ExpectOk().String("password"));

        (await Api.PostAsync("auth/approle/role/audited", Root, """{"token_policies":"audit-app"}""")).ExpectNoContent();
        var roleId = (await Api.GetAsync("auth/approle/role/audited/role-id", Root)).ExpectOk().String("role_id");
        var secretId = (await Api.PostAsync("auth/approle/role/audited/secret-id", Root)).ExpectOk().String("secret_id");
        var appToken = (await Api.PostAsync("auth/approle/login", null,
            new JsonObject { ["role_id"] = roleId, ["secret_id"] = secretId }.ToJsonString())).ExpectOk().ClientToken;
        (await Api.GetAsync("secret/audit/db", appToken)).ExpectOk();
        (await Api.PostAsync("auth/userpass/login/auditor", null, """{"password":"wrong-guess-55"}""")).ExpectBadRequest("invalid");

        var log = await File.ReadAllTextAsync(logPath);
        var secrets = new Dictionary<string, string>
        {
            ["kv value"] = secretValue,
            ["password"] = password,
            ["wrong password"] = "wrong-guess-55",
            ["root token"] = Root,
            ["user token"] = userToken,
            ["user accessor"] = userAccessor,
            ["child token"] = child.ClientToken,
            ["wrapping token"] = wrappingToken,
            ["secret id"] = secretId,
            ["approle token"] = appToken,
        };
        foreach (var (what, value) in secrets)
        {
            Assert.False(log.Contains(value, StringComparison.Ordinal), $"the audit log contains the {what}");
        }

        foreach (var value in new[] { secretValue, password, userToken, Root, secretId })
        {
            var hash = (await Api.PostAsync("sys/audit-hash/file", Root, new JsonObject { ["input"] = value }.ToJsonString())).ExpectOk();
            var hmac = hash.String("hash");
            Assert.Matches("^hmac-sha256:[0-9a-f]{64}$", hmac);
            Assert.Equal(hmac, hash.Body!["hash"]!.GetValue<string>());
            Assert.Contains(hmac, log);
        }

        var lines = log.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!).ToList();
        Assert.Contains(lines, l => l["type"]!.GetValue<string>() == "request" && l["request"]!["path"]!.GetValue<string>() == "auth/userpass/login/auditor");
        Assert.Contains(lines, l => l["type"]!.GetValue<string>() == "response" && l["request"]!["path"]!.GetValue<string>() == "sys/wrapping/unwrap");
        // Every response pairs with its request; the enabling call itself was answered before the device existed.
        var afterEnabling = lines.Where(l => l["request"]!["path"]!.GetValue<string>() != "sys/audit/file").ToList();
        Assert.Subset(IdsOf(afterEnabling, "request"), IdsOf(afterEnabling, "response"));
    }

    private static HashSet<string> IdsOf(IEnumerable<JsonNode> lines, string type) =>
        lines.Where(l => l["type"]!.GetValue<string>() == type).Select(l => l["request"]!["id"]!.GetValue<string>()).ToHashSet();
}
