using Coffer.Core.Barrier;

namespace Coffer.Core.Tests.Policies;

/// <summary>
/// Holds one read of a chosen key after the value has been fetched, so a test can land a write while a reader is
/// between loading and caching, the window a cache must not let stale data through.
/// </summary>
internal sealed class GatedSecureStorage(ISecureStorage inner) : ISecureStorage
{
    private readonly TaskCompletionSource _fetched = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private string? _gatedKey;

    /// <summary>Completes once the gated read has fetched its (soon stale) value.</summary>
    public Task Fetched => _fetched.Task;

    public void Arm(string key) => _gatedKey = key;

    public void Release() => _release.TrySetResult();

    public async Task<byte[]?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        var value = await inner.GetAsync(key, cancellationToken);
        if (key == Interlocked.CompareExchange(ref _gatedKey, null, key))
        {
            _fetched.TrySetResult();
            await _release.Task;
        }
        return value;
    }

    public Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellationToken = default) =>
        inner.ListAsync(prefix, cancellationToken);

    public Task CommitAsync(IReadOnlyList<SecureOperation> batch, CancellationToken cancellationToken = default) =>
        inner.CommitAsync(batch, cancellationToken);
}
