namespace Coffer.Core.Tests.Audit;

public sealed class AuditFileModeTests : IDisposable
{
    private AuditTestBed _bed = null!;

    [Fact]
    public async Task NewFileIsPrivateByDefault()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // Unix file modes only
        }
        _bed = await AuditTestBed.StartAsync();
        await AuditTestBed.EnableFileAsync(_bed.NewBroker(), "file", _bed.LogPath());

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_bed.LogPath()));
    }

    [Fact]
    public async Task ModeOptionIsApplied()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // Unix file modes only
        }
        _bed = await AuditTestBed.StartAsync();
        await File.WriteAllTextAsync(_bed.LogPath(), "");
        File.SetUnixFileMode(_bed.LogPath(), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);

        await AuditTestBed.EnableFileAsync(_bed.NewBroker(), "file", _bed.LogPath(), ("mode", "0640"));

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead, File.GetUnixFileMode(_bed.LogPath()));
    }

    [Fact]
    public async Task ModeZeroLeavesAnExistingFileAlone()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // Unix file modes only
        }
        _bed = await AuditTestBed.StartAsync();
        await File.WriteAllTextAsync(_bed.LogPath(), "existing line\n");
        var mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
        File.SetUnixFileMode(_bed.LogPath(), mode);

        var broker = _bed.NewBroker();
        await AuditTestBed.EnableFileAsync(broker, "file", _bed.LogPath(), ("mode", "0000"));
        await broker.LogRequestAsync(AuditTestBed.Context());

        Assert.Equal(mode, File.GetUnixFileMode(_bed.LogPath()));
        var lines = await File.ReadAllLinesAsync(_bed.LogPath());
        Assert.Equal("existing line", lines[0]);
        Assert.Equal(2, lines.Length);
    }

    public void Dispose() => _bed?.Dispose();
}
