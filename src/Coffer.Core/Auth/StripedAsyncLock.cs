namespace Coffer.Core.Auth;

/// <summary>
/// A fixed set of async mutexes chosen by hashing a key: callers working on the same key (a secret id, a user)
/// serialise, unrelated keys almost never wait for each other, and memory stays bounded however many keys exist.
/// Never hold two keys of the same instance at once: two keys can share a stripe.
/// </summary>
public sealed class StripedAsyncLock
{
    private readonly SemaphoreSlim[] _stripes;

    public StripedAsyncLock(int stripes = 256)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(stripes, 1);
        _stripes = new SemaphoreSlim[stripes];
        for (var i = 0; i < stripes; i++)
        {
            _stripes[i] = new SemaphoreSlim(1, 1);
        }
    }

    public async Task<Held> AcquireAsync(string key, CancellationToken cancellationToken)
    {
        var stripe = _stripes[(uint)StringComparer.Ordinal.GetHashCode(key) % (uint)_stripes.Length];
        await stripe.WaitAsync(cancellationToken);
        return new Held(stripe);
    }

    /// <summary>Releases the stripe when disposed.</summary>
    public readonly struct Held(SemaphoreSlim stripe) : IDisposable
    {
        public void Dispose() => stripe.Release();
    }
}
