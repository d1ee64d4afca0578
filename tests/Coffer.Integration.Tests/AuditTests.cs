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
}
