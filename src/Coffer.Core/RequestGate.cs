namespace Coffer.Core;

/// <summary>
/// Counts requests inside the unsealed core so sealing can wait for them: wiping keys under a request that is
/// mid-write would leave an entry sealed with a zeroed key.
/// </summary>
internal sealed class RequestGate
{
    private int _inFlight;
    private volatile bool _closed = true;

    public bool TryEnter()
    {
        if (_closed)
        {
            return false;
        }
        Interlocked.Increment(ref _inFlight);
        if (_closed)
        {
            Exit();
            return false;
        }
        return true;
    }

    public bool IsOpen => !_closed;

    public void Exit() => Interlocked.Decrement(ref _inFlight);

    public void Open() => _closed = false;

    /// <summary>
    /// Stops new entries and waits for the ones inside to leave, except <paramref name="remaining"/> of them: a
    /// request that closes the gate it is itself inside counts itself there.
    /// </summary>
    public async Task CloseAsync(int remaining = 0)
    {
        _closed = true;
        while (Volatile.Read(ref _inFlight) > remaining)
        {
            await Task.Delay(1);
        }
    }
}
