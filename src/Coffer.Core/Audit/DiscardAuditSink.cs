namespace Coffer.Core.Audit;

/// <summary><c>file_path=discard</c>: every line counts as recorded and goes nowhere (tests, benchmarks).</summary>
internal sealed class DiscardAuditSink : IAuditSink
{
    public Task WriteLineAsync(string line, CancellationToken cancellationToken) => Task.CompletedTask;
    public Task ReopenAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public void Dispose() { }
}
