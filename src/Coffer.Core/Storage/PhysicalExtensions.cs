namespace Coffer.Core.Storage;

public static class PhysicalExtensions
{
    public static Task PutAsync(this IPhysical physical, string key, byte[] value, CancellationToken cancellationToken = default) =>
        physical.CommitAsync([StorageOperation.Put(key, value)], cancellationToken);

    public static Task DeleteAsync(this IPhysical physical, string key, CancellationToken cancellationToken = default) =>
        physical.CommitAsync([StorageOperation.Delete(key)], cancellationToken);
}
