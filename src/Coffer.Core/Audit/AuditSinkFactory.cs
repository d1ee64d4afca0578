namespace Coffer.Core.Audit;

/// <summary>Turns a device's <c>file_path</c> into the sink that writes its lines.</summary>
internal sealed class AuditSinkFactory(AuditBrokerOptions options)
{
    // Every stdout device shares one gate so lines from two devices never interleave on the host's writer.
    private readonly SemaphoreSlim _stdoutGate = new(1, 1);

    public IAuditSink Create(AuditDeviceSettings settings)
    {
        if (settings.IsDiscard)
        {
            return new DiscardAuditSink();
        }
        if (settings.IsStdout)
        {
            return new TextWriterAuditSink(options.Stdout ?? Console.Out, _stdoutGate);
        }
        return new FileAuditSink(settings.FilePath, settings.Mode, options.ReopenRetryInterval);
    }

    /// <summary>
    /// A sink for a device being enabled, already open, so a path that cannot be written is refused with a 400 now
    /// rather than failing every request later.
    /// </summary>
    public IAuditSink CreateOpened(AuditDeviceSettings settings, IEnumerable<AuditDevice> existing)
    {
        var sink = Create(settings);
        if (sink is not FileAuditSink file)
        {
            return sink;
        }
        // Two devices appending to one file would interleave partial lines when an entry exceeds the buffer.
        var owner = existing.FirstOrDefault(d => d.Sink is FileAuditSink other && other.FullPath == file.FullPath);
        if (owner is not null)
        {
            throw CofferError.BadRequest($"file_path \"{settings.FilePath}\" is already used by audit device {owner.Entry.Path}");
        }
        try
        {
            file.Open();
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            throw CofferError.BadRequest($"unable to open audit file \"{settings.FilePath}\": {error.Message}");
        }
        return file;
    }
}
