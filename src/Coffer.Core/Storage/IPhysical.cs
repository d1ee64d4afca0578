namespace Coffer.Core.Storage;

/// <summary>
/// The physical storage contract. Backends store opaque bytes under string keys and know nothing of
/// encryption, replication or HTTP.
/// </summary>
public interface IPhysical : IAsyncDisposable
{
    /// <summary>Name reported as <c>storage_type</c> (e.g. <c>sqlite</c>, <c>inmem</c>).</summary>
    string Name { get; }

    Task<byte[]?> GetAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>
    /// Direct children of <paramref name="prefix"/>, sorted: keys one level down, and folders (names followed by
    /// <c>/</c>) for anything deeper, each folder listed once.
    /// </summary>
    Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellationToken = default);

    /// <summary>
    /// The first <paramref name="limit"/> entries whose keys lie in [<paramref name="fromKey"/>, <paramref name="toKey"/>),
    /// in ordinal key order (fewer only when the range holds fewer): how whole-store scans (bootstrap, merkle diff,
    /// reindex) read in pages instead of one list call per folder and one read per key.
    /// </summary>
    Task<IReadOnlyList<KeyValuePair<string, byte[]>>> ReadRangeAsync(string fromKey, string toKey, int limit,
        CancellationToken cancellationToken = default);

    /// <summary>Applies every operation of the batch atomically and durably, or none of them.</summary>
    Task CommitAsync(IReadOnlyList<StorageOperation> batch, CancellationToken cancellationToken = default);
}
