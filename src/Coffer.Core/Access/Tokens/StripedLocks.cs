namespace Coffer.Core.Access;

/// <summary>
/// A fixed set of async locks picked by key hash: enough to serialise work on one token (use counting, renewal,
/// revocation) without a lock object per token. Not reentrant.
/// </summary>
internal sealed class StripedLocks
{
    private readonly SemaphoreSlim[] _stripes;

    public StripedLocks(int count = 256)
    {
        _stripes = new SemaphoreSlim[count];
        for (var i = 0; i < count; i++)
        {
            _stripes[i] = new SemaphoreSlim(1, 1);
        }
    }

    public async Task<Releaser> AcquireAsync(string key, CancellationToken cancellationToken)
    {
        var stripe = _stripes[(int)((uint)StringComparer.Ordinal.GetHashCode(key) % (uint)_stripes.Length)];
        await stripe.WaitAsync(cancellationToken);
        return new Releaser(stripe);
    }

    public readonly struct Releaser(SemaphoreSlim stripe) : IDisposable
    {
        public void Dispose() => stripe.Release();
    }
}
