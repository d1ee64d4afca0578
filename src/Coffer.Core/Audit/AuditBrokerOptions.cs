namespace Coffer.Core.Audit;

/// <summary>How the host plugs the broker into the process.</summary>
public sealed record AuditBrokerOptions
{
    /// <summary>Where <c>file_path=stdout</c> devices write; the process's standard output when null.</summary>
    public TextWriter? Stdout { get; init; }

    /// <summary>
    /// Longest a request waits for one device (its turn at the file included). A device that takes longer counts as
    /// failed for that entry, so a stuck disk cannot hang every request.
    /// </summary>
    public TimeSpan WriteTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>After a device fails, how long before a write tries to re-open its file.</summary>
    public TimeSpan ReopenRetryInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Called with the device path and the error whenever a device fails to open, write or re-open. The error never
    /// carries an entry's content, so it is safe to log.
    /// </summary>
    public Action<string, Exception>? DeviceFailed { get; init; }
}
