using System.Net;
using System.Text.Json.Nodes;
using Coffer.Core.Audit;
using Coffer.Core.Barrier;

namespace Coffer.Core.Tests.Audit;

public sealed class AuditFailureTests : IDisposable
{
    private AuditTestBed _bed = null!;

    /// <summary>A stdout device on a writer that is already closed: every write throws, like a full disk.</summary>
    private static TextWriter ClosedWriter()
    {
        var writer = new StringWriter();
        writer.Dispose();
        return writer;
    }

    /// <summary>Turns the log's directory into a regular file so the log can neither be written nor re-opened.</summary>
    private static void BreakDirectory(string directory)
    {
        Directory.Delete(directory, recursive: true);
        File.WriteAllText(directory, "");
    }

    [Fact]
    public async Task OnlyDeviceFailingRefusesTheRequest()
    {
        _bed = await AuditTestBed.StartAsync();
        var broker = _bed.NewBroker(stdout: ClosedWriter());
        await AuditTestBed.EnableFileAsync(broker, "stdout", "stdout");

        var error = await Assert.ThrowsAsync<CofferError>(() => broker.LogRequestAsync(AuditTestBed.Context()));
        Assert.Equal(HttpStatusCode.InternalServerError, error.Status);
        Assert.Equal("internal error", error.Errors[0]);

        error = await Assert.ThrowsAsync<CofferError>(() => broker.LogResponseAsync(AuditTestBed.Context(), null, null));
        Assert.Equal(HttpStatusCode.InternalServerError, error.Status);
        Assert.Contains(_bed.Failures, f => f.Path == "stdout/");
    }

    [Fact]
    public async Task OneWorkingDeviceIsEnough()
    {
        _bed = await AuditTestBed.StartAsync();
        var broker = _bed.NewBroker(stdout: ClosedWriter());
        await AuditTestBed.EnableFileAsync(broker, "broken", "stdout");
        await AuditTestBed.EnableFileAsync(broker, "file", _bed.LogPath());

        await broker.LogRequestAsync(AuditTestBed.Context());
        await broker.LogResponseAsync(AuditTestBed.Context(), null, null);

        Assert.Equal(2, AuditTestBed.ReadEntries(_bed.LogPath()).Count);
        Assert.All(_bed.Failures, f => Assert.Equal("broken/", f.Path));
        Assert.Equal(2, _bed.Failures.Count);
    }

    [Fact]
    public async Task FileDeviceWhoseDirectoryVanishedFailsClosedAndRecovers()
    {
        _bed = await AuditTestBed.StartAsync();
        var broker = _bed.NewBroker();
        var logDirectory = Path.Combine(_bed.Directory, "logs");
        var file = Path.Combine(logDirectory, "audit.log");
        await AuditTestBed.EnableFileAsync(broker, "file", file);
        await broker.LogRequestAsync(AuditTestBed.Context());

        BreakDirectory(logDirectory);
        await broker.ReopenAllAsync();

        var error = await Assert.ThrowsAsync<CofferError>(() => broker.LogRequestAsync(AuditTestBed.Context()));
        Assert.Equal(HttpStatusCode.InternalServerError, error.Status);
        Assert.NotEmpty(_bed.Failures);

        // Once the directory is back, the next write re-opens the file by itself.
        File.Delete(logDirectory);
        await broker.LogRequestAsync(AuditTestBed.Context(requestId: "after-recovery"));
        Assert.Equal("after-recovery", (string?)Assert.Single(AuditTestBed.ReadEntries(file))["request"]!["id"]);
    }

    [Fact]
    public async Task DeviceThatCannotOpenAtLoadStaysEnabledAndFailsClosed()
    {
        _bed = await AuditTestBed.StartAsync();
        var logDirectory = Path.Combine(_bed.Directory, "logs");
        var first = _bed.NewBroker();
        await AuditTestBed.EnableFileAsync(first, "file", Path.Combine(logDirectory, "audit.log"));
        first.Close();
        BreakDirectory(logDirectory);

        var second = _bed.NewBroker();
        await second.LoadAsync();

        Assert.True(second.HasDevices);
        await Assert.ThrowsAsync<CofferError>(() => second.LogRequestAsync(AuditTestBed.Context()));
    }

    [Fact]
    public async Task StoredDeviceWithUnreadableOptionsFailsClosed()
    {
        _bed = await AuditTestBed.StartAsync();
        var table = new JsonArray(new JsonObject
        {
            ["path"] = "file/", ["type"] = "file", ["description"] = "", ["local"] = false,
            ["uuid"] = Guid.NewGuid().ToString(), ["options"] = new JsonObject { ["file_path"] = "discard", ["mode"] = "xyz" },
        });
        await _bed.Storage.PutAsync(AuditBroker.SharedTablePath, System.Text.Encoding.UTF8.GetBytes(table.ToJsonString()));

        var broker = _bed.NewBroker();
        await broker.LoadAsync();

        Assert.Single(broker.List());
        await Assert.ThrowsAsync<CofferError>(() => broker.LogRequestAsync(AuditTestBed.Context()));
    }

    [Fact]
    public async Task ReopenStartsANewFileAfterRotation()
    {
        _bed = await AuditTestBed.StartAsync();
        var broker = _bed.NewBroker();
        var file = _bed.LogPath();
        await AuditTestBed.EnableFileAsync(broker, "file", file);
        await broker.LogRequestAsync(AuditTestBed.Context(requestId: "before"));

        var rotated = _bed.LogPath("audit.log.1");
        File.Move(file, rotated);
        await broker.LogRequestAsync(AuditTestBed.Context(requestId: "still-old-handle"));
        await broker.ReopenAllAsync();
        await broker.LogRequestAsync(AuditTestBed.Context(requestId: "after"));

        Assert.Equal(["before", "still-old-handle"], AuditTestBed.ReadEntries(rotated).Select(e => (string)e["request"]!["id"]!));
        Assert.Equal("after", (string?)Assert.Single(AuditTestBed.ReadEntries(file))["request"]!["id"]);
    }

    [Fact]
    public async Task SlowDeviceTimesOutInsteadOfBlocking()
    {
        _bed = await AuditTestBed.StartAsync();
        var blocking = new BlockingWriter();
        var broker = _bed.NewBroker(stdout: blocking, writeTimeout: TimeSpan.FromMilliseconds(200));
        await AuditTestBed.EnableFileAsync(broker, "stdout", "stdout");

        // The first write holds the device's gate forever; the second must give up at its deadline.
        var stuck = Task.Run(() => broker.LogRequestAsync(AuditTestBed.Context()));
        Assert.True(blocking.Entered.Wait(TimeSpan.FromSeconds(5)));
        var started = DateTime.UtcNow;
        await Assert.ThrowsAsync<CofferError>(() => broker.LogRequestAsync(AuditTestBed.Context()));
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(5));

        blocking.Release.Set();
        await stuck;
    }

    private sealed class BlockingWriter : StringWriter
    {
        public ManualResetEventSlim Entered { get; } = new();
        public ManualResetEventSlim Release { get; } = new();

        public override void Write(string? value)
        {
            Entered.Set();
            Release.Wait();
            base.Write(value);
        }
    }

    public void Dispose() => _bed?.Dispose();
}
