namespace Coffer.Core.Barrier;

/// <summary>A prefix-scoped window onto secure storage: a mount sees only its own <c>logical/&lt;uuid&gt;/</c> keys.</summary>
public sealed class StorageView(ISecureStorage inner, string prefix) : ISecureStorage
{
    public string Prefix { get; } = prefix;

    public Task<byte[]?> GetAsync(string key, CancellationToken cancellationToken = default) =>
        inner.GetAsync(Prefix + key, cancellationToken);

    public Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellationToken = default) =>
        inner.ListAsync(Prefix + prefix, cancellationToken);

    public Task CommitAsync(IReadOnlyList<SecureOperation> batch, CancellationToken cancellationToken = default) =>
        inner.CommitAsync(batch.Select(op => op with { Key = Prefix + op.Key }).ToList(), cancellationToken);
}
