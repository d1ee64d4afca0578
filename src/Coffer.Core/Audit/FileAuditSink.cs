using System.Text;

namespace Coffer.Core.Audit;

/// <summary>
/// Appends lines to a file through one buffered writer, flushed after every line so an acknowledged request is on
/// disk. One gate per file serialises writers; a wait that exceeds the caller's deadline fails this device
/// rather than blocking the request. After a failure the file is re-opened on a later write, at most once per
/// retry interval, so a full disk or a vanished directory recovers without a restart.
/// </summary>
internal sealed class FileAuditSink : IAuditSink
{
    private const int BufferSize = 64 * 1024;
    private const int DirectoryMode = 0x1C0; // 0700

    private readonly string _path;
    private readonly int _mode;
    private readonly TimeSpan _retryInterval;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private StreamWriter? _writer;
    private long _nextOpenAttemptMs;
    private bool _disposed;

    public FileAuditSink(string path, int mode, TimeSpan retryInterval)
    {
        _path = Path.GetFullPath(path);
        _mode = mode;
        _retryInterval = retryInterval;
    }

    public string FullPath => _path;

    /// <summary>Opens the file now so a device that cannot write is refused when it is enabled.</summary>
    public void Open() => _writer = OpenWriter();

    public async Task WriteLineAsync(string line, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var writer = _writer ?? OpenAfterFailure();
            try
            {
                writer.Write(line);
                writer.Write('\n');
                writer.Flush();
            }
            catch
            {
                CloseWriter();
                _nextOpenAttemptMs = Environment.TickCount64 + (long)_retryInterval.TotalMilliseconds;
                throw;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task ReopenAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            CloseWriter();
            _nextOpenAttemptMs = 0;
            _writer = OpenWriter();
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose()
    {
        // Let a write in progress finish; a stuck one must not hold up sealing for long.
        var entered = _gate.Wait(TimeSpan.FromSeconds(5));
        try
        {
            _disposed = true;
            CloseWriter();
        }
        finally
        {
            if (entered)
            {
                _gate.Release();
            }
        }
    }

    private StreamWriter OpenAfterFailure()
    {
        if (Environment.TickCount64 < _nextOpenAttemptMs)
        {
            throw new IOException($"audit file \"{_path}\" is unavailable after an earlier failure");
        }
        try
        {
            return _writer = OpenWriter();
        }
        catch
        {
            _nextOpenAttemptMs = Environment.TickCount64 + (long)_retryInterval.TotalMilliseconds;
            throw;
        }
    }

    private StreamWriter OpenWriter()
    {
        var directory = Path.GetDirectoryName(_path);
        if (!string.IsNullOrEmpty(directory) && !Directory.Exists(directory))
        {
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(directory);
            }
            else
            {
                Directory.CreateDirectory(directory, (UnixFileMode)DirectoryMode);
            }
        }
        var options = new FileStreamOptions
        {
            Mode = FileMode.Append,
            Access = FileAccess.Write,
            // Readers (tail, shippers) and rotation tools must be able to open and rename the file meanwhile.
            Share = FileShare.ReadWrite | FileShare.Delete,
            BufferSize = 0,
        };
        if (!OperatingSystem.IsWindows())
        {
            // Mode 0 means "leave an existing file alone"; a new file still gets the private default.
            options.UnixCreateMode = (UnixFileMode)(_mode == 0 ? AuditDeviceSettings.DefaultMode : _mode);
        }
        var stream = new FileStream(_path, options);
        try
        {
            if (_mode != 0 && !OperatingSystem.IsWindows())
            {
                // The create mode is subject to the umask and does not apply to an existing file.
                File.SetUnixFileMode(stream.SafeFileHandle, (UnixFileMode)_mode);
            }
            return new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), BufferSize);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    private void CloseWriter()
    {
        var writer = _writer;
        _writer = null;
        if (writer is null)
        {
            return;
        }
        try
        {
            writer.Dispose();
        }
        catch (IOException)
        {
            // The data that could not be flushed was already reported as a failed write.
        }
        catch (ObjectDisposedException)
        {
        }
    }
}
