using Coffer.Core.Barrier;

namespace Coffer.Core.Tests.Tokens;

/// <summary>
/// Storage that gives up the thread before every call, as a real backend's I/O would. In-memory storage completes
/// synchronously, which would hide races between concurrent requests.
/// </summary>
internal sealed class YieldingStorage(ISecureStorage inner) : ISecureStorage
{
    private long _reads;

    /// <summary>How many reads reached storage, to show the request path is served from memory.</summary>
    public long Reads => Interlocked.Read(ref _reads);

    public async Task<byte[]?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _reads);
        await Task.Yield();
        return await inner.GetAsync(key, cancellationToken);
    }

    public async Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        return await inner.ListAsync(prefix, cancellationToken);
    }

    public async Task CommitAsync(IReadOnlyList<SecureOperation> batch, CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        await inner.CommitAsync(batch, cancellationToken);
    }
}
