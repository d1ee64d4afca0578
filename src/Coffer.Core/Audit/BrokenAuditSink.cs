namespace Coffer.Core.Audit;

/// <summary>
/// Stands in for a stored device whose configuration no longer loads. It stays enabled and fails every write, so
/// the broker fails closed instead of silently serving requests that this device was meant to record.
/// </summary>
internal sealed class BrokenAuditSink(string reason) : IAuditSink
{
    public Task WriteLineAsync(string line, CancellationToken cancellationToken) =>
        Task.FromException(new InvalidOperationException(reason));

    public Task ReopenAsync(CancellationToken cancellationToken) =>
        Task.FromException(new InvalidOperationException(reason));

    public void Dispose() { }
}
