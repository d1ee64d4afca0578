using System.Net;
using System.Text.Json.Nodes;
using Coffer.Core.Audit;

namespace Coffer.Core.Tests.Audit;

public sealed class AuditTableTests : IDisposable
{
    private AuditTestBed _bed = null!;

    [Fact]
    public async Task EnabledDevicesAreListedInTheSysAuditShape()
    {
        _bed = await AuditTestBed.StartAsync();
        var broker = _bed.NewBroker();
        await broker.EnableAsync("file", "file", "main log",
            new Dictionary<string, string> { ["file_path"] = _bed.LogPath(), ["log_raw"] = "false" }, local: false);
        await broker.EnableAsync("/local-log/", "file", "", new Dictionary<string, string> { ["file_path"] = "discard" }, local: true);

        Assert.Equal(["file/", "local-log/"], broker.List().Select(e => e.Path));
        var json = broker.ListJson();
        var file = json["file/"]!.AsObject();
        Assert.Equal("file", (string?)file["type"]);
        Assert.Equal("main log", (string?)file["description"]);
        Assert.Equal(_bed.LogPath(), (string?)file["options"]!["file_path"]);
        Assert.Equal("false", (string?)file["options"]!["log_raw"]);
        Assert.False((bool)file["local"]!);
        Assert.Equal("file/", (string?)file["path"]);
        Assert.Null(file["uuid"]);
        Assert.True((bool)json["local-log/"]!["local"]!);
    }

    [Fact]
    public async Task SharedAndLocalDevicesArePersistedSeparately()
    {
        _bed = await AuditTestBed.StartAsync();
        var broker = _bed.NewBroker();
        await AuditTestBed.EnableFileAsync(broker, "shared", "discard");
        await broker.EnableAsync("mine", "file", "", new Dictionary<string, string> { ["file_path"] = "discard" }, local: true);

        var shared = JsonNode.Parse((await _bed.Storage.GetAsync(AuditBroker.SharedTablePath))!)!.AsArray();
        var local = JsonNode.Parse((await _bed.Storage.GetAsync(AuditBroker.LocalTablePath))!)!.AsArray();
        Assert.Equal("shared/", (string?)Assert.Single(shared)!["path"]);
        Assert.Equal("mine/", (string?)Assert.Single(local)!["path"]);
        Assert.Equal(2, (await _bed.Storage.ListAsync(AuditBroker.SaltPrefix)).Count);
    }

    [Fact]
    public async Task TableAndSaltSurviveAReload()
    {
        _bed = await AuditTestBed.StartAsync();
        var first = _bed.NewBroker();
        await AuditTestBed.EnableFileAsync(first, "file", _bed.LogPath(), ("hmac_accessor", "false"));
        var hash = await first.HashAsync("file", "some value");
        first.Close();

        var second = _bed.NewBroker();
        await second.LoadAsync();

        Assert.Equal("file/", Assert.Single(second.List()).Path);
        Assert.Equal("false", second.List()[0].Options["hmac_accessor"]);
        Assert.Equal(hash, await second.HashAsync("file", "some value"));
        await second.LogRequestAsync(AuditTestBed.Context());
        Assert.Single(AuditTestBed.ReadEntries(_bed.LogPath()));
    }

    [Fact]
    public async Task CloseForgetsDevicesUntilLoad()
    {
        _bed = await AuditTestBed.StartAsync();
        var broker = _bed.NewBroker();
        await AuditTestBed.EnableFileAsync(broker, "file", _bed.LogPath());
        broker.Close();

        Assert.False(broker.HasDevices);
        await broker.LogRequestAsync(AuditTestBed.Context());
        Assert.Empty(AuditTestBed.ReadEntries(_bed.LogPath()));

        await broker.LoadAsync();
        Assert.True(broker.HasDevices);
        await broker.LogRequestAsync(AuditTestBed.Context());
        Assert.Single(AuditTestBed.ReadEntries(_bed.LogPath()));
    }

    [Fact]
    public async Task DisableRemovesDeviceAndSaltButKeepsTheFile()
    {
        _bed = await AuditTestBed.StartAsync();
        var broker = _bed.NewBroker();
        await AuditTestBed.EnableFileAsync(broker, "file", _bed.LogPath());
        var oldHash = await broker.HashAsync("file", "v");
        await broker.LogRequestAsync(AuditTestBed.Context());

        Assert.True(await broker.DisableAsync("file/"));
        Assert.False(await broker.DisableAsync("file/"));

        Assert.Empty(broker.List());
        Assert.Empty(await _bed.Storage.ListAsync(AuditBroker.SaltPrefix));
        Assert.True(File.Exists(_bed.LogPath()));
        var error = await Assert.ThrowsAsync<CofferError>(() => broker.HashAsync("file", "v"));
        Assert.Equal(HttpStatusCode.BadRequest, error.Status);
        await broker.LogRequestAsync(AuditTestBed.Context());
        Assert.Single(AuditTestBed.ReadEntries(_bed.LogPath()));

        // Re-enabling at the same path makes a fresh salt, so old hashes cannot be correlated with new ones.
        await AuditTestBed.EnableFileAsync(broker, "file", _bed.LogPath());
        Assert.NotEqual(oldHash, await broker.HashAsync("file", "v"));
    }

    [Fact]
    public async Task NoDevicesMeansLoggingIsANoOp()
    {
        _bed = await AuditTestBed.StartAsync();
        var broker = _bed.NewBroker();
        Assert.False(broker.HasDevices);
        await broker.LogRequestAsync(AuditTestBed.Context());
        await broker.LogResponseAsync(AuditTestBed.Context(), null, null);
    }

    public static TheoryData<string, string, string[], string> BadEnables => new()
    {
        { "file", "socket", ["file_path", "/tmp/x"], "unknown audit backend type: socket" },
        { "file", "file", [], "file_path is required" },
        { "file", "file", ["file_path", ""], "file_path is required" },
        { "file", "file", ["file_path", "discard", "format", "yaml"], "unknown format type \"yaml\"" },
        { "file", "file", ["file_path", "discard", "mode", "0908"], "unable to parse 'mode'" },
        { "file", "file", ["file_path", "discard", "mode", "12345"], "unable to parse 'mode'" },
        { "file", "file", ["file_path", "discard", "log_raw", "maybe"], "unable to parse 'log_raw'" },
        { "file", "file", ["file_path", "discard", "hmac_accessor", "nope"], "unable to parse 'hmac_accessor'" },
        { "file", "file", ["file_path", "discard", "elide_list_responses", "2"], "unable to parse 'elide_list_responses'" },
        { "file", "file", ["file_path", "discard", "log-raw", "true"], "unknown audit device option \"log-raw\"" },
        { "file", "file", ["file_path", "discard", "filter", "operation == \"read\""], "audit device option \"filter\" is not supported" },
        { "", "file", ["file_path", "discard"], "path is required" },
    };

    [Theory]
    [MemberData(nameof(BadEnables))]
    public async Task BadEnableRequestsAre400s(string path, string type, string[] optionPairs, string message)
    {
        _bed = await AuditTestBed.StartAsync();
        var broker = _bed.NewBroker();
        var options = new Dictionary<string, string>();
        for (var i = 0; i < optionPairs.Length; i += 2)
        {
            options[optionPairs[i]] = optionPairs[i + 1];
        }

        var error = await Assert.ThrowsAsync<CofferError>(() => broker.EnableAsync(path, type, "", options, false));

        Assert.Equal(HttpStatusCode.BadRequest, error.Status);
        Assert.Contains(message, error.Errors[0]);
        Assert.Empty(broker.List());
        Assert.Null(await _bed.Storage.GetAsync(AuditBroker.SharedTablePath));
    }

    [Theory]
    [InlineData("file")]
    [InlineData("file/")]
    [InlineData("file/nested")]
    public async Task PathInUseIsA400(string second)
    {
        _bed = await AuditTestBed.StartAsync();
        var broker = _bed.NewBroker();
        await AuditTestBed.EnableFileAsync(broker, "file", "discard");

        var error = await Assert.ThrowsAsync<CofferError>(() => AuditTestBed.EnableFileAsync(broker, second, "discard"));
        Assert.Equal(HttpStatusCode.BadRequest, error.Status);
        Assert.Equal("path already in use", error.Errors[0]);
        Assert.Single(broker.List());
    }

    [Fact]
    public async Task SameFileForTwoDevicesIsA400()
    {
        _bed = await AuditTestBed.StartAsync();
        var broker = _bed.NewBroker();
        await AuditTestBed.EnableFileAsync(broker, "one", _bed.LogPath());

        var error = await Assert.ThrowsAsync<CofferError>(() => AuditTestBed.EnableFileAsync(broker, "two", _bed.LogPath()));
        Assert.Equal(HttpStatusCode.BadRequest, error.Status);
        Assert.Single(broker.List());
    }

    [Fact]
    public async Task FileThatCannotBeOpenedIsA400AndNothingIsStored()
    {
        _bed = await AuditTestBed.StartAsync();
        var broker = _bed.NewBroker();
        var blocker = _bed.LogPath("not-a-directory");
        await File.WriteAllTextAsync(blocker, "");

        var error = await Assert.ThrowsAsync<CofferError>(() =>
            AuditTestBed.EnableFileAsync(broker, "file", Path.Combine(blocker, "audit.log")));

        Assert.Equal(HttpStatusCode.BadRequest, error.Status);
        Assert.Empty(broker.List());
        Assert.Null(await _bed.Storage.GetAsync(AuditBroker.SharedTablePath));
    }

    public void Dispose() => _bed?.Dispose();
}
