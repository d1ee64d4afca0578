namespace Coffer.Core;

/// <summary>
/// Runs a background sweep (expired tokens, expired leases) at a fixed interval until sealing cancels it. A failed
/// sweep is reported and the next tick tries again: whatever it was doing is still in storage.
/// </summary>
public static class PeriodicSweep
{
    public static void Start(TimeSpan interval, Func<CancellationToken, Task> sweep, Action<Exception> onError, CancellationToken stop) =>
        _ = Task.Run(() => RunAsync(interval, sweep, onError, stop));

    private static async Task RunAsync(TimeSpan interval, Func<CancellationToken, Task> sweep, Action<Exception> onError, CancellationToken stop)
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
        catch (Exception) when (stop.IsCancellationRequested)
        {
            // Sealed: the sweep ends with the key material it was using; what it was doing is found again at load.
        }
    }
}
