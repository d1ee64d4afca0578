using System.Text.Json.Nodes;
using Coffer.Core.Routing;
using Coffer.Core.Tests.CoreFlow;

namespace Coffer.Core.Tests.Mounts;

public sealed class MountAuditKeysTests : IDisposable
{
    private readonly string _log = Path.Combine(Path.GetTempPath(), $"coffer-mount-audit-{Guid.NewGuid():N}.log");

    public void Dispose() => File.Delete(_log);

    [Fact]
    public async Task TheMountsNonHmacKeysAreLoggedAsGivenAndEverythingElseIsHashed()
    {
        var h = await CoreHarness.StartAsync();
        var device = new JsonObject { ["type"] = "file", ["options"] = new JsonObject { ["file_path"] = _log } };
        await h.SendAsync(Operation.Update, "sys/audit/file", device.ToJsonString());
        await h.SendAsync(Operation.Update, "sys/mounts/secret/tune",
            """{"audit_non_hmac_request_keys":["user"],"audit_non_hmac_response_keys":["colour"]}""");

        await h.SendAsync(Operation.Update, "secret/app", """{"user":"ann","password":"hunter2","colour":"blue"}""");
        await h.SendAsync(Operation.Read, "secret/app");

        var entries = File.ReadAllLines(_log).Select(l => JsonNode.Parse(l)!.AsObject())
            .Where(e => e["request"]?["path"]?.GetValue<string>() == "secret/app").ToList();
        var write = entries.First(e => e["type"]!.GetValue<string>() == "request" && e["request"]!["operation"]!.GetValue<string>() == "create");
        Assert.Equal("ann", write["request"]!["data"]!["user"]!.GetValue<string>());
        Assert.StartsWith("hmac-sha256:", write["request"]!["data"]!["password"]!.GetValue<string>());
        Assert.StartsWith("hmac-sha256:", write["request"]!["data"]!["colour"]!.GetValue<string>());

        var read = entries.Last(e => e["type"]!.GetValue<string>() == "response");
        Assert.Equal("blue", read["response"]!["data"]!["colour"]!.GetValue<string>());
        Assert.StartsWith("hmac-sha256:", read["response"]!["data"]!["user"]!.GetValue<string>());
        Assert.DoesNotContain("hunter2", File.ReadAllText(_log));
    }
}
