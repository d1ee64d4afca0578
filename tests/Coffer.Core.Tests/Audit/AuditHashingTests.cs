using System.Text.Json.Nodes;
using Coffer.Core.Audit;
using Coffer.Core.Routing;

namespace Coffer.Core.Tests.Audit;

public sealed class AuditHashingTests : IDisposable
{
    private const string Token = "hvs.TESTTOKENvalue000000001";
    private const string Accessor = "ACCESSORvalue00000000001";
    private AuditTestBed _bed = null!;

    private async Task<(AuditBroker Broker, string File)> FileDeviceAsync(params (string, string)[] options)
    {
        _bed = await AuditTestBed.StartAsync();
        var broker = _bed.NewBroker();
        var file = _bed.LogPath();
        await AuditTestBed.EnableFileAsync(broker, "file", file, options);
        return (broker, file);
    }

    private static JsonObject NestedSecretData() => new()
    {
        ["password"] = "top-level-secret-1",
        ["nested"] = new JsonObject { ["deep"] = new JsonObject { ["key"] = "deeply-nested-secret-2" } },
        ["list"] = new JsonArray("array-secret-3", new JsonObject { ["inner"] = "array-object-secret-4" }),
        ["count"] = 42,
        ["ratio"] = 1.5,
        ["enabled"] = true,
        ["nothing"] = null,
    };

    [Fact]
    public async Task SecretsAndTokensNeverReachTheFileButTheirHashesDo()
    {
        var (broker, file) = await FileDeviceAsync();
        var response = Response.WithData(NestedSecretData());
        response.Auth = new JsonObject { ["client_token"] = "hvs.ISSUEDTOKEN000000000000", ["accessor"] = "ISSUEDACCESSOR00000000000" };

        await broker.LogRequestAsync(AuditTestBed.Context(data: NestedSecretData()));
        await broker.LogResponseAsync(AuditTestBed.Context(data: NestedSecretData()), response, null);

        var text = File.ReadAllText(file);
        string[] secrets =
        [
            "top-level-secret-1", "deeply-nested-secret-2", "array-secret-3", "array-object-secret-4",
            Token, Accessor, "hvs.ISSUEDTOKEN000000000000", "ISSUEDACCESSOR00000000000",
        ];
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(secret, text);
            Assert.Contains(await broker.HashAsync("file", secret), text);
        }

        var entries = AuditTestBed.ReadEntries(file);
        var data = entries[1]["response"]!["data"]!;
        Assert.Equal(await broker.HashAsync("file", "deeply-nested-secret-2"), (string?)data["nested"]!["deep"]!["key"]);
        Assert.Equal(await broker.HashAsync("file", "array-secret-3"), (string?)data["list"]![0]);
        Assert.Equal(await broker.HashAsync("file", "array-object-secret-4"), (string?)data["list"]![1]!["inner"]);
    }

    [Fact]
    public async Task HashIsHmacSha256OfTheValue()
    {
        var (broker, _) = await FileDeviceAsync();
        var hash = await broker.HashAsync("file/", "value");
        Assert.Matches("^hmac-sha256:[0-9a-f]{64}$", hash);
        Assert.Equal(hash, await broker.HashAsync("file", "value"));
        Assert.NotEqual(hash, await broker.HashAsync("file", "other"));
    }

    [Fact]
    public async Task NumbersBoolsAndNullsStayReadable()
    {
        var (broker, file) = await FileDeviceAsync();
        await broker.LogRequestAsync(AuditTestBed.Context(data: NestedSecretData()));

        var data = AuditTestBed.ReadEntries(file)[0]["request"]!["data"]!;
        Assert.Equal(42, (long)data["count"]!);
        Assert.Equal(1.5, (double)data["ratio"]!);
        Assert.True((bool)data["enabled"]!);
        Assert.True(data.AsObject().ContainsKey("nothing"));
        Assert.Null(data["nothing"]);
    }

    [Fact]
    public async Task LogRawWritesValuesAsGiven()
    {
        var (broker, file) = await FileDeviceAsync(("log_raw", "true"));
        await broker.LogRequestAsync(AuditTestBed.Context(data: NestedSecretData()));

        var entry = AuditTestBed.ReadEntries(file)[0];
        Assert.Equal("deeply-nested-secret-2", (string?)entry["request"]!["data"]!["nested"]!["deep"]!["key"]);
        Assert.Equal(Token, (string?)entry["request"]!["client_token"]);
        Assert.Equal(Accessor, (string?)entry["auth"]!["accessor"]);
        Assert.DoesNotContain("hmac-sha256:", File.ReadAllText(file));
    }

    [Fact]
    public async Task HmacAccessorFalseLeavesAccessorsButHashesTokens()
    {
        var (broker, file) = await FileDeviceAsync(("hmac_accessor", "false"));
        var response = new Response { Auth = new JsonObject { ["client_token"] = "hvs.ISSUED", ["accessor"] = "ISSUEDACC" } };
        await broker.LogResponseAsync(AuditTestBed.Context(), response, null);

        var entry = AuditTestBed.ReadEntries(file)[0];
        Assert.Equal(Accessor, (string?)entry["auth"]!["accessor"]);
        Assert.Equal(Accessor, (string?)entry["request"]!["client_token_accessor"]);
        Assert.Equal("ISSUEDACC", (string?)entry["response"]!["auth"]!["accessor"]);
        Assert.Equal(await broker.HashAsync("file", Token), (string?)entry["request"]!["client_token"]);
        Assert.Equal(await broker.HashAsync("file", "hvs.ISSUED"), (string?)entry["response"]!["auth"]!["client_token"]);
    }

    [Fact]
    public async Task ElideListResponsesReplacesKeysWithTheirCount()
    {
        _bed = await AuditTestBed.StartAsync();
        var broker = _bed.NewBroker();
        await AuditTestBed.EnableFileAsync(broker, "elided", _bed.LogPath("elided.log"), ("elide_list_responses", "true"));
        await AuditTestBed.EnableFileAsync(broker, "full", _bed.LogPath("full.log"));
        var listing = Response.ListOf(["a", "b", "c"]);
        listing.Data!["key_info"] = new JsonObject { ["a"] = new JsonObject(), ["b"] = new JsonObject() };

        await broker.LogResponseAsync(AuditTestBed.Context(operation: Operation.List), listing, null);
        await broker.LogResponseAsync(AuditTestBed.Context(operation: Operation.Read), Response.ListOf(["a", "b"]), null);

        var elided = AuditTestBed.ReadEntries(_bed.LogPath("elided.log"));
        Assert.Equal(3, (int)elided[0]["response"]!["data"]!["keys"]!);
        Assert.Equal(2, (int)elided[0]["response"]!["data"]!["key_info"]!);
        Assert.Equal(2, elided[1]["response"]!["data"]!["keys"]!.AsArray().Count);

        var full = AuditTestBed.ReadEntries(_bed.LogPath("full.log"));
        Assert.Equal(await broker.HashAsync("full", "b"), (string?)full[0]["response"]!["data"]!["keys"]![1]);
        Assert.Equal(3, listing.Data!["keys"]!.AsArray().Count);
    }

    [Fact]
    public async Task NonHmacKeysOfTheMountAreLoggedAsGiven()
    {
        var (broker, file) = await FileDeviceAsync();
        var context = AuditTestBed.Context(data: new JsonObject
        {
            ["ttl"] = "1h",
            ["roles"] = new JsonArray("admin", "dev"),
            ["password"] = "hidden-pass",
        }) with
        {
            NonHmacRequestKeys = new HashSet<string> { "ttl", "roles" },
            NonHmacResponseKeys = new HashSet<string> { "version" },
        };
        var response = Response.WithData(new JsonObject { ["version"] = "v7", ["value"] = "hidden-value" });

        await broker.LogResponseAsync(context, response, null);

        var entry = AuditTestBed.ReadEntries(file)[0];
        Assert.Equal("1h", (string?)entry["request"]!["data"]!["ttl"]);
        Assert.Equal("dev", (string?)entry["request"]!["data"]!["roles"]![1]);
        Assert.Equal("v7", (string?)entry["response"]!["data"]!["version"]);
        var text = File.ReadAllText(file);
        Assert.DoesNotContain("hidden-pass", text);
        Assert.DoesNotContain("hidden-value", text);
    }

    [Fact]
    public async Task HashedHeadersAreNotWrittenInClear()
    {
        var (broker, file) = await FileDeviceAsync();
        var context = AuditTestBed.Context() with
        {
            Headers = new Dictionary<string, string> { ["X-Api-Key"] = "header-secret", ["X-Trace"] = "trace-1" },
            HmacHeaders = new HashSet<string> { "x-api-key" },
        };
        await broker.LogRequestAsync(context);

        var headers = AuditTestBed.ReadEntries(file)[0]["request"]!["headers"]!;
        Assert.Equal(await broker.HashAsync("file", "header-secret"), (string?)headers["x-api-key"]![0]);
        Assert.Equal("trace-1", (string?)headers["x-trace"]![0]);
    }

    [Fact]
    public async Task LoggingDoesNotChangeTheRequestOrResponse()
    {
        var (broker, _) = await FileDeviceAsync(("elide_list_responses", "true"));
        var data = NestedSecretData();
        var before = data.ToJsonString();
        var response = Response.ListOf(["x", "y"]);

        await broker.LogRequestAsync(AuditTestBed.Context(data: data));
        await broker.LogResponseAsync(AuditTestBed.Context(data: data, operation: Operation.List), response, null);

        Assert.Equal(before, data.ToJsonString());
        Assert.Equal("""{"keys":["x","y"]}""", response.Data!.ToJsonString());
    }

    [Fact]
    public async Task EachDeviceHashesWithItsOwnSalt()
    {
        _bed = await AuditTestBed.StartAsync();
        var broker = _bed.NewBroker();
        await AuditTestBed.EnableFileAsync(broker, "one", _bed.LogPath("one.log"));
        await AuditTestBed.EnableFileAsync(broker, "two", _bed.LogPath("two.log"));

        Assert.NotEqual(await broker.HashAsync("one", "v"), await broker.HashAsync("two", "v"));
    }

    public void Dispose() => _bed?.Dispose();
}
