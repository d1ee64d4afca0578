namespace Coffer.Core.Access;

/// <summary>
/// Everything the token store holds while unsealed: key material, the in-memory index and the expiry queue, and the
/// background sweep. One instance per unseal, so a sweep left over from before a seal can never touch the next one.
/// </summary>
internal sealed class LoadedTokens(TokenHasher hasher, BatchTokenCodec batchCodec, TokenIndex index, ExpiryQueue queue, TokenRevoker revoker)
    : IDisposable
{
    private readonly CancellationTokenSource _stop = new();

    public TokenHasher Hasher => hasher;
    public BatchTokenCodec BatchCodec => batchCodec;
    public TokenIndex Index => index;
    public ExpiryQueue Queue => queue;
    public TokenRevoker Revoker => revoker;

    public void StartSweep(TimeSpan interval, Func<CancellationToken, Task> sweep, Action<Exception> onError) =>
        _ = Task.Run(() => SweepLoopAsync(interval, sweep, onError, _stop.Token));

    public void Dispose()
    {
        _stop.Cancel();
        _stop.Dispose();
        index.Clear();
        hasher.Dispose();
        batchCodec.Dispose();
    }

    private static async Task SweepLoopAsync(TimeSpan interval, Func<CancellationToken, Task> sweep, Action<Exception> onError, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(interval);
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                try
                {
                    await sweep(stop);
                }
                catch (Exception error) when (!stop.IsCancellationRequested)
                {
                    onError(error);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Sealed: the sweep ends with the key material it was using.
        }
    }
}
