namespace Coffer.Core.Barrier;

/// <summary>
/// Plaintext view of storage above the barrier: what engines and the core read and write. Every value is
/// encrypted before it reaches the physical backend.
/// </summary>
public interface ISecureStorage
{
    Task<byte[]?> GetAsync(string key, CancellationToken cancellationToken = default);
    Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellationToken = default);
    Task CommitAsync(IReadOnlyList<SecureOperation> batch, CancellationToken cancellationToken = default);
}

/// <summary>A plaintext change: a put when <see cref="Value"/> is set, a delete otherwise.</summary>
public sealed record SecureOperation(string Key, byte[]? Value)
{
    public static SecureOperation Put(string key, byte[] value) => new(key, value);
    public static SecureOperation Delete(string key) => new(key, null);
}

public static class SecureStorageExtensions
{
    public static Task PutAsync(this ISecureStorage storage, string key, byte[] value, CancellationToken cancellationToken = default) =>
        storage.CommitAsync([SecureOperation.Put(key, value)], cancellationToken);

    public static Task DeleteAsync(this ISecureStorage storage, string key, CancellationToken cancellationToken = default) =>
        storage.CommitAsync([SecureOperation.Delete(key)], cancellationToken);

    /// <summary>Every key below <paramref name="prefix"/>, depth first, as paths relative to it.</summary>
    public static async Task<List<string>> ListRecursiveAsync(this ISecureStorage storage, string prefix, CancellationToken cancellationToken = default)
    {
        var result = new List<string>();
        var pending = new Stack<string>();
        pending.Push("");
        while (pending.Count > 0)
        {
            var folder = pending.Pop();
            foreach (var child in await storage.ListAsync(prefix + folder, cancellationToken))
            {
                if (child.EndsWith('/'))
                {
                    pending.Push(folder + child);
                }
                else
                {
                    result.Add(folder + child);
                }
            }
        }
        return result;
    }
}
