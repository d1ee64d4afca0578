namespace Coffer.Core.Audit;

/// <summary>
/// <c>file_path=stdout</c>: lines go to a writer the host owns. Every device on that writer shares one gate, so
/// lines from two devices never interleave.
/// </summary>
internal sealed class TextWriterAuditSink(TextWriter writer, SemaphoreSlim sharedGate) : IAuditSink
{
    public async Task WriteLineAsync(string line, CancellationToken cancellationToken)
    {
        await sharedGate.WaitAsync(cancellationToken);
        try
        {
            writer.Write(line + "\n");
            writer.Flush();
        }
        finally
        {
            sharedGate.Release();
        }
    }

    public Task ReopenAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    // The host owns the writer; a device going away must not close it under the others.
    public void Dispose() { }
}
