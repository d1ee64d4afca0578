using Coffer.Core.Barrier;

namespace Coffer.Core.Tests.Auth;

/// <summary>
/// Storage that pauses before every read and write, as a networked backend would. In-memory storage completes
/// synchronously, which hides races between a read and the write that depends on it; this widens them.
/// </summary>
internal sealed class SlowStorage(ISecureStorage inner) : ISecureStorage
{
    public async Task<byte[]?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        await Task.Delay(1, cancellationToken);
        return await inner.GetAsync(key, cancellationToken);
    }

    public Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellationToken = default) =>
        inner.ListAsync(prefix, cancellationToken);

    public async Task CommitAsync(IReadOnlyList<SecureOperation> batch, CancellationToken cancellationToken = default)
    {
        await Task.Delay(1, cancellationToken);
        await inner.CommitAsync(batch, cancellationToken);
    }
}
