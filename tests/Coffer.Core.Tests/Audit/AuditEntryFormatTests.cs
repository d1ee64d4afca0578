using System.Globalization;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using Coffer.Core.Audit;
using Coffer.Core.Routing;

namespace Coffer.Core.Tests.Audit;

public sealed class AuditEntryFormatTests : IDisposable
{
    private AuditTestBed _bed = null!;

    private async Task<(AuditBroker Broker, string File)> FileDeviceAsync(params (string, string)[] options)
    {
        _bed = await AuditTestBed.StartAsync();
        var broker = _bed.NewBroker();
        var file = _bed.LogPath();
        await AuditTestBed.EnableFileAsync(broker, "file", file, options);
        return (broker, file);
    }

    [Fact]
    public async Task RequestEntryCarriesTheDocumentedFields()
    {
        var (broker, file) = await FileDeviceAsync();
        var context = AuditTestBed.Context(data: new JsonObject { ["password"] = "s3cr3t" }) with
        {
            NamespacePath = "",
            WrapTtl = TimeSpan.FromMinutes(5),
            Headers = new Dictionary<string, string> { ["X-Request-Source"] = "ci" },
        };

        await broker.LogRequestAsync(context);

        var entry = Assert.Single(AuditTestBed.ReadEntries(file));
        Assert.Equal("request", (string?)entry["type"]);
        Assert.Equal("", (string?)entry["error"]);
        var time = DateTimeOffset.Parse((string)entry["time"]!, CultureInfo.InvariantCulture);
        Assert.True(Math.Abs((DateTimeOffset.UtcNow - time).TotalMinutes) < 5);
        Assert.EndsWith("Z", (string)entry["time"]!);

        var request = entry["request"]!.AsObject();
        Assert.Equal("req-1", (string?)request["id"]);
        Assert.Equal("update", (string?)request["operation"]);
        Assert.Equal("kv", (string?)request["mount_type"]);
        Assert.Equal("kv_1234abcd", (string?)request["mount_accessor"]);
        Assert.Equal("secret/", (string?)request["mount_point"]);
        Assert.Equal("secret/app", (string?)request["path"]);
        Assert.Equal("root", (string?)request["namespace"]!["id"]);
        Assert.Equal("10.1.2.3", (string?)request["remote_address"]);
        Assert.Equal(300, (long)request["wrap_ttl"]!);
        Assert.Equal("ci", (string?)request["headers"]!["x-request-source"]![0]);
        Assert.Equal(await broker.HashAsync("file", "hvs.TESTTOKENvalue000000001"), (string?)request["client_token"]);
        Assert.Equal(await broker.HashAsync("file", "ACCESSORvalue00000000001"), (string?)request["client_token_accessor"]);
        Assert.Equal(await broker.HashAsync("file", "s3cr3t"), (string?)request["data"]!["password"]);

        var auth = entry["auth"]!.AsObject();
        Assert.Equal((string?)request["client_token"], (string?)auth["client_token"]);
        Assert.Equal((string?)request["client_token_accessor"], (string?)auth["accessor"]);
        Assert.Equal("token-alice", (string?)auth["display_name"]);
        Assert.Equal(["default", "app"], auth["policies"]!.AsArray().Select(p => (string)p!));
        Assert.Equal(["default", "app"], auth["token_policies"]!.AsArray().Select(p => (string)p!));
        Assert.Equal("alice", (string?)auth["metadata"]!["user"]);
        Assert.Equal("service", (string?)auth["token_type"]);
        Assert.Equal(3600, (long)auth["token_ttl"]!);
        Assert.Equal("2024-05-01T12:00:00Z", (string?)auth["token_issue_time"]);
        Assert.Null(entry["response"]);
    }

    [Fact]
    public async Task AnUnwrappedResponseIsAuditedWithItsDataAuthAndLeaseHashed()
    {
        var (broker, file) = await FileDeviceAsync();
        var response = new Response
        {
            RawEnvelope = new JsonObject
            {
                ["request_id"] = "wrapped-request",
                ["lease_id"] = "database/creds/app/lease9",
                ["data"] = new JsonObject { ["password"] = "unwrapped-secret" },
                ["auth"] = new JsonObject { ["client_token"] = "hvs.WRAPPEDTOKEN000000000000", ["policies"] = new JsonArray("app") },
            },
        };

        await broker.LogResponseAsync(AuditTestBed.Context(operation: Operation.Update), response, null);

        var logged = Assert.Single(AuditTestBed.ReadEntries(file))["response"]!;
        Assert.Equal(await broker.HashAsync("file", "unwrapped-secret"), (string?)logged["data"]!["password"]);
        Assert.Equal(await broker.HashAsync("file", "hvs.WRAPPEDTOKEN000000000000"), (string?)logged["auth"]!["client_token"]);
        Assert.Equal("app", (string?)logged["auth"]!["policies"]![0]);
        Assert.Equal("database/creds/app/lease9", (string?)logged["secret"]!["lease_id"]);
        Assert.DoesNotContain("unwrapped-secret", await File.ReadAllTextAsync(file));
    }

    [Fact]
    public async Task ResponseEntryCarriesTheDocumentedFields()
    {
        var (broker, file) = await FileDeviceAsync();
        var response = Response.WithData(new JsonObject { ["value"] = "the-secret" });
        response.Warnings.Add("a warning");
        response.MountType = "kv";
        response.LeaseId = "secret/app/lease123";
        response.Auth = new JsonObject
        {
            ["client_token"] = "hvs.NEWTOKEN0000000000000000",
            ["accessor"] = "NEWACCESSOR00000000000000",
            ["policies"] = new JsonArray("default"),
            ["metadata"] = new JsonObject { ["username"] = "bob" },
            ["lease_duration"] = 768,
            ["renewable"] = true,
        };
        var wrap = new AuditWrapInfo
        {
            Token = "hvs.WRAPPINGTOKEN00000000000",
            Accessor = "WRAPACCESSOR0000000000000",
            TtlSeconds = 60,
            CreationTime = new DateTimeOffset(2024, 5, 1, 12, 0, 0, 500, TimeSpan.Zero),
            CreationPath = "secret/app",
        };

        await broker.LogResponseAsync(AuditTestBed.Context(operation: Operation.Read), response, null, wrap);

        var entry = Assert.Single(AuditTestBed.ReadEntries(file));
        Assert.Equal("response", (string?)entry["type"]);
        Assert.Equal("", (string?)entry["error"]);
        Assert.Equal("read", (string?)entry["request"]!["operation"]);
        var body = entry["response"]!.AsObject();
        Assert.Equal("kv", (string?)body["mount_type"]);
        Assert.Equal(await broker.HashAsync("file", "the-secret"), (string?)body["data"]!["value"]);
        Assert.Equal("a warning", (string?)body["warnings"]![0]);
        Assert.Equal("secret/app/lease123", (string?)body["secret"]!["lease_id"]);
        Assert.Equal(await broker.HashAsync("file", "hvs.NEWTOKEN0000000000000000"), (string?)body["auth"]!["client_token"]);
        Assert.Equal(await broker.HashAsync("file", "NEWACCESSOR00000000000000"), (string?)body["auth"]!["accessor"]);
        Assert.Equal("default", (string?)body["auth"]!["policies"]![0]);
        Assert.Equal("bob", (string?)body["auth"]!["metadata"]!["username"]);
        Assert.Equal(768, (long)body["auth"]!["token_ttl"]!);
        Assert.Null(body["auth"]!["renewable"]);
        Assert.Equal(await broker.HashAsync("file", "hvs.WRAPPINGTOKEN00000000000"), (string?)body["wrap_info"]!["token"]);
        Assert.Equal(await broker.HashAsync("file", "WRAPACCESSOR0000000000000"), (string?)body["wrap_info"]!["accessor"]);
        Assert.Equal(60, (long)body["wrap_info"]!["ttl"]!);
        Assert.Equal("2024-05-01T12:00:00.5Z", (string?)body["wrap_info"]!["creation_time"]);
    }

    [Fact]
    public async Task ErrorsAreRecordedWithoutDetailsOfUnexpectedFailures()
    {
        var (broker, file) = await FileDeviceAsync();
        await broker.LogRequestAsync(AuditTestBed.Context(), CofferError.PermissionDenied());
        await broker.LogResponseAsync(AuditTestBed.Context(), null, new InvalidOperationException("detail hunter2"));

        var entries = AuditTestBed.ReadEntries(file);
        Assert.Equal("permission denied", (string?)entries[0]["error"]);
        Assert.Equal("internal error", (string?)entries[1]["error"]);
        Assert.DoesNotContain("hunter2", File.ReadAllText(file));
    }

    [Fact]
    public async Task UnauthenticatedRequestHasNoTokenFields()
    {
        var (broker, file) = await FileDeviceAsync();
        await broker.LogRequestAsync(AuditTestBed.Context(path: "auth/userpass/login/alice", token: null));

        var entry = Assert.Single(AuditTestBed.ReadEntries(file));
        Assert.Empty(entry["auth"]!.AsObject());
        Assert.Null(entry["request"]!["client_token"]);
        Assert.Null(entry["request"]!["client_token_accessor"]);
    }

    [Fact]
    public async Task PrefixIsWrittenBeforeEachLine()
    {
        var (broker, file) = await FileDeviceAsync(("prefix", "COFFER-AUDIT "));
        await broker.LogRequestAsync(AuditTestBed.Context());
        await broker.LogRequestAsync(AuditTestBed.Context());

        var lines = File.ReadAllLines(file);
        Assert.Equal(2, lines.Length);
        Assert.All(lines, line =>
        {
            Assert.StartsWith("COFFER-AUDIT {", line);
            JsonNode.Parse(line["COFFER-AUDIT ".Length..]);
        });
    }

    [Fact]
    public async Task JsonxFormatWritesOneXmlDocumentPerLine()
    {
        var (broker, file) = await FileDeviceAsync(("format", "jsonx"));
        await broker.LogRequestAsync(AuditTestBed.Context(data: new JsonObject { ["n"] = 5, ["s"] = "\u0001x<y" }));

        var line = Assert.Single(File.ReadAllLines(file));
        Assert.StartsWith("<?xml", line);
        var root = XDocument.Parse(line).Root!;
        XNamespace json = "http://www.ibm.com/xmlns/prod/2009/01/json";
        Assert.Equal(json + "object", root.Name);
        Assert.Equal("request", root.Elements(json + "string").Single(e => (string?)e.Attribute("name") == "type").Value);
        var data = root.Descendants(json + "object").Single(e => (string?)e.Attribute("name") == "data");
        Assert.Equal("5", data.Elements(json + "number").Single().Value);
        Assert.StartsWith("hmac-sha256:", data.Elements(json + "string").Single().Value);
    }

    [Fact]
    public async Task JsonxKeepsOneLinePerEntryForRawValuesWithControlCharacters()
    {
        var (broker, file) = await FileDeviceAsync(("format", "jsonx"), ("log_raw", "true"));
        await broker.LogRequestAsync(AuditTestBed.Context(data: new JsonObject { ["s"] = "line1\nline2\r\u0001end" }));
        await broker.LogRequestAsync(AuditTestBed.Context());

        var lines = File.ReadAllLines(file);
        Assert.Equal(2, lines.Length);
        var settings = new System.Xml.XmlReaderSettings { CheckCharacters = false };
        using var reader = System.Xml.XmlReader.Create(new StringReader(lines[0]), settings);
        var value = XDocument.Load(reader).Descendants().Single(e => (string?)e.Attribute("name") == "s").Value;
        Assert.Equal("line1\nline2\r\u0001end", value);
    }

    [Fact]
    public async Task OperationsUseVaultNames()
    {
        var (broker, file) = await FileDeviceAsync();
        foreach (var operation in Enum.GetValues<Operation>())
        {
            await broker.LogRequestAsync(AuditTestBed.Context(operation: operation));
        }
        Assert.Equal(["read", "create", "update", "patch", "delete", "list"],
            AuditTestBed.ReadEntries(file).Select(e => (string)e["request"]!["operation"]!));
    }

    public void Dispose() => _bed?.Dispose();
}
