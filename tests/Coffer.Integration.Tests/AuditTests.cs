using System.Net;
using Coffer.Integration.Tests.Infrastructure;

namespace Coffer.Integration.Tests;

public sealed class AuditTests
{
    [Fact]
    public async Task FileDeviceRecordsRequestsWithoutSecretsOrTokens()
    {
        await using var server = await ServerFixture.StartAsync();
        await server.ReadyAsync();
        using var root = server.RootClient();
        var logPath = Path.Combine(server.Directory, "audit.log");
        var enable = await root.PutAsync("/v1/sys/audit/file", TestHttp.Json($$$"""{"type":"file","options":{"file_path":"{{{logPath}}}"}}"""));
        Assert.Equal(HttpStatusCode.NoContent, enable.StatusCode);

        const string secret = "audit-secret-value-93f1";
        (await root.PostAsync("/v1/secret/audited", TestHttp.Json($$"""{"password":"{{secret}}","port":5432}"""))).EnsureSuccessStatusCode();
        (await root.GetAsync("/v1/secret/audited")).EnsureSuccessStatusCode();

        var devices = await TestHttp.ReadJsonAsync(await root.GetAsync("/v1/sys/audit"));
        Assert.Equal("file", devices["data"]!["file/"]!["type"]!.GetValue<string>());
        Assert.Equal("file", devices["file/"]!["type"]!.GetValue<string>());

        var hash = await TestHttp.ReadJsonAsync(await root.PostAsync("/v1/sys/audit-hash/file", TestHttp.Json($$"""{"input":"{{secret}}"}""")));
        var hashed = hash["data"]!["hash"]!.GetValue<string>();
        Assert.StartsWith("hmac-sha256:", hashed);

        var log = await File.ReadAllTextAsync(logPath);
        Assert.DoesNotContain(secret, log);
        Assert.DoesNotContain(server.RootToken!, log);
        Assert.Contains(hashed, log);
        Assert.Contains("\"type\":\"request\"", log);
        Assert.Contains("\"type\":\"response\"", log);
        Assert.Contains("5432", log);

        var probe = await TestHttp.Client(server.Address).GetAsync("/v1/nomount/probe");
        Assert.Equal(HttpStatusCode.Forbidden, probe.StatusCode);
        Assert.Contains("nomount/probe", await File.ReadAllTextAsync(logPath));

        Assert.Equal(HttpStatusCode.NoContent, (await root.DeleteAsync("/v1/sys/audit/file")).StatusCode);
        var lines = (await File.ReadAllLinesAsync(logPath)).Length;
        (await root.GetAsync("/v1/secret/audited")).EnsureSuccessStatusCode();
        Assert.Equal(lines, (await File.ReadAllLinesAsync(logPath)).Length);

        var bad = await root.PutAsync("/v1/sys/audit/other", TestHttp.Json("""{"type":"socket","options":{}}"""));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    /// <summary>
    /// Only the request headers named in <c>sys/config/auditing/request-headers</c> reach the log, lower-cased, and
    /// those marked <c>hmac</c> as their HMAC; the configuration survives a restart and needs sudo.
    /// </summary>
    [Fact]
    public async Task OnlyConfiguredRequestHeadersAreAuditedHashedWhenAsked()
    {
        await using var server = await ServerFixture.StartAsync();
        await server.ReadyAsync();
        using var root = server.RootClient();
        var logPath = Path.Combine(server.Directory, "audit.log");
        (await root.PutAsync("/v1/sys/audit/file", TestHttp.Json($$$"""{"type":"file","options":{"file_path":"{{{logPath}}}"}}"""))).EnsureSuccessStatusCode();

        Assert.Equal(HttpStatusCode.NoContent,
            (await root.PostAsync("/v1/sys/config/auditing/request-headers/X-Forwarded-For", TestHttp.Json("""{"hmac":false}"""))).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent,
            (await root.PutAsync("/v1/sys/config/auditing/request-headers/X-Api-Key", TestHttp.Json("""{"hmac":true}"""))).StatusCode);
        var all = await TestHttp.ReadJsonAsync(await root.GetAsync("/v1/sys/config/auditing/request-headers"));
        Assert.True(all["data"]!["headers"]!["x-api-key"]!["hmac"]!.GetValue<bool>());
        Assert.False(all["data"]!["headers"]!["x-forwarded-for"]!["hmac"]!.GetValue<bool>());
        var one = await TestHttp.ReadJsonAsync(await root.GetAsync("/v1/sys/config/auditing/request-headers/X-Api-Key"));
        Assert.True(one["data"]!["X-Api-Key"]!["hmac"]!.GetValue<bool>());
        var missing = await root.GetAsync("/v1/sys/config/auditing/request-headers/X-Nothing");
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Contains("Could not find header in config", await missing.Content.ReadAsStringAsync());

        await server.RestartAsync();
        await server.UnsealAsync();
        const string apiKey = "header-api-key-7d21";
        using (var request = new HttpRequestMessage(HttpMethod.Get, "/v1/secret/absent"))
        {
            request.Headers.Add("X-Forwarded-For", "203.0.113.9");
            request.Headers.Add("X-Api-Key", apiKey);
            request.Headers.Add("X-Not-Audited", "left-out-5e0a");
            await root.SendAsync(request);
        }
        var log = await File.ReadAllTextAsync(logPath);
        Assert.Contains("\"x-forwarded-for\":[\"203.0.113.9\"]", log);
        Assert.Contains("\"x-api-key\":[\"hmac-sha256:", log);
        Assert.DoesNotContain(apiKey, log);
        Assert.DoesNotContain("left-out-5e0a", log);

        var created = await TestHttp.ReadJsonAsync(await root.PostAsync("/v1/auth/token/create", TestHttp.Json("""{"policies":["default"]}""")));
        using var plain = TestHttp.Client(server.Address, created["auth"]!["client_token"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Forbidden, (await plain.GetAsync("/v1/sys/config/auditing/request-headers")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await root.DeleteAsync("/v1/sys/config/auditing/request-headers/X-Api-Key")).StatusCode);
        var after = await TestHttp.ReadJsonAsync(await root.GetAsync("/v1/sys/config/auditing/request-headers"));
        Assert.Null(after["data"]!["headers"]!["x-api-key"]);
    }
}
