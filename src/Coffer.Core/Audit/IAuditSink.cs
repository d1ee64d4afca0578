namespace Coffer.Core.Audit;

/// <summary>Where a device's lines go. Implementations serialise their own writes and throw when a line was not stored.</summary>
internal interface IAuditSink : IDisposable
{
    /// <summary>Stores one complete line (the newline is added here); throws when it could not.</summary>
    Task WriteLineAsync(string line, CancellationToken cancellationToken);

    /// <summary>Closes and re-opens the target (log rotation); throws when the target cannot be opened.</summary>
    Task ReopenAsync(CancellationToken cancellationToken);
}
