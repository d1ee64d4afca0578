using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Coffer.Core.Barrier;

namespace Coffer.Core.Routing;

/// <summary>
/// The mount table of every namespace, split as Vault splits it: shared secret engines and auth methods are
/// replicated (<c>core/mounts</c>, <c>core/auth</c>); local ones stay with this cluster and its DR secondaries
/// (<c>core/dr/local-mounts</c>, <c>core/dr/local-auth</c>). Readers see an immutable snapshot, so routing a
/// request takes no lock.
/// </summary>
public sealed class MountTable(ISecureStorage storage)
{
    public const string SharedTablePath = "core/mounts";
    public const string LocalTablePath = "core/dr/local-mounts";
    public const string SharedAuthTablePath = "core/auth";
    public const string LocalAuthTablePath = "core/dr/local-auth";

    private static readonly string[] TablePaths = [SharedTablePath, LocalTablePath, SharedAuthTablePath, LocalAuthTablePath];

    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private volatile IReadOnlyList<MountEntry> _entries = [];

    /// <summary>Entries ordered by path length, longest first, so the first prefix match is the most specific.</summary>
    public IReadOnlyList<MountEntry> Entries => _entries;

    public MountEntry? Match(string namespaceId, string path)
    {
        foreach (var entry in _entries)
        {
            if (entry.NamespaceId == namespaceId &&
                (path.StartsWith(entry.Path, StringComparison.Ordinal) || path + "/" == entry.Path))
            {
                return entry;
            }
        }
        return null;
    }

    public MountEntry? FindByUuid(string uuid) => _entries.FirstOrDefault(e => e.Uuid == uuid);

    public async Task LoadAsync(CancellationToken cancellationToken = default)
    {
        var entries = new List<MountEntry>();
        foreach (var table in TablePaths)
        {
            entries.AddRange(await ReadTableAsync(table, cancellationToken));
        }
        _entries = Order(entries);
    }

    public void Unload() => _entries = [];

    /// <summary>Adds <paramref name="entry"/>; the path must not overlap an existing mount in either direction.</summary>
    public async Task AddAsync(MountEntry entry, CancellationToken cancellationToken = default)
    {
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            var conflict = _entries.FirstOrDefault(e => e.NamespaceId == entry.NamespaceId &&
                (entry.Path.StartsWith(e.Path, StringComparison.Ordinal) || e.Path.StartsWith(entry.Path, StringComparison.Ordinal)));
            if (conflict is not null)
            {
                throw CofferError.BadRequest($"path is already in use at {conflict.Path}");
            }
            var next = Order(_entries.Append(entry));
            await storage.CommitAsync([TableWrite(next, entry)], cancellationToken);
            _entries = next;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Removes the mount and all of its data in one atomic batch.</summary>
    public async Task<MountEntry?> RemoveAsync(string namespaceId, string path, CancellationToken cancellationToken = default)
    {
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            var entry = _entries.FirstOrDefault(e => e.NamespaceId == namespaceId && e.Path == path);
            if (entry is null)
            {
                return null;
            }
            var next = Order(_entries.Where(e => e != entry));
            var batch = new List<SecureOperation> { TableWrite(next, entry) };
            foreach (var key in await storage.ListRecursiveAsync(entry.StoragePrefix, cancellationToken))
            {
                batch.Add(SecureOperation.Delete(entry.StoragePrefix + key));
            }
            await storage.CommitAsync(batch, cancellationToken);
            _entries = next;
            return entry;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Replaces an entry (tuning) without touching its data.</summary>
    public async Task UpdateAsync(MountEntry updated, CancellationToken cancellationToken = default)
    {
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            var next = Order(_entries.Select(e => e.Uuid == updated.Uuid ? updated : e));
            await storage.CommitAsync([TableWrite(next, updated)], cancellationToken);
            _entries = next;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>
    /// Changes the entry with <paramref name="uuid"/> as <paramref name="change"/> decides, looking at the entry as it is
    /// under the write lock, and commits <paramref name="alsoCommit"/> in the same batch. Returns the new entry, or null
    /// when the mount is gone or <paramref name="change"/> declined (returned null); then nothing is written.
    /// </summary>
    public async Task<MountEntry?> UpdateAsync(string uuid, Func<MountEntry, MountEntry?> change, IReadOnlyList<SecureOperation> alsoCommit,
        CancellationToken cancellationToken = default)
    {
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            var current = _entries.FirstOrDefault(e => e.Uuid == uuid);
            if (current is null || change(current) is not { } updated)
            {
                return null;
            }
            var next = Order(_entries.Select(e => e.Uuid == uuid ? updated : e));
            await storage.CommitAsync([.. alsoCommit, TableWrite(next, updated)], cancellationToken);
            _entries = next;
            return updated;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>
    /// Moves the mount at <paramref name="from"/> to <paramref name="to"/> in the same namespace. Its data stays where
    /// it is: storage is keyed by the mount's uuid, not its path, so only the table changes.
    /// </summary>
    public async Task<MountEntry> MoveAsync(string namespaceId, string from, string to, CancellationToken cancellationToken = default)
    {
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            var entry = _entries.FirstOrDefault(e => e.NamespaceId == namespaceId && e.Path == from)
                        ?? throw CofferError.BadRequest($"no matching mount at '{from}'");
            var conflict = _entries.FirstOrDefault(e => e.NamespaceId == namespaceId && e != entry &&
                (to.StartsWith(e.Path, StringComparison.Ordinal) || e.Path.StartsWith(to, StringComparison.Ordinal)));
            if (conflict is not null)
            {
                throw CofferError.BadRequest($"existing mount at '{conflict.Path}'");
            }
            var moved = entry with { Path = to };
            var next = Order(_entries.Select(e => e == entry ? moved : e));
            await storage.CommitAsync([TableWrite(next, moved)], cancellationToken);
            _entries = next;
            return moved;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public static MountEntry NewEntry(string path, string type, string description, bool local,
        long defaultLeaseTtl, long maxLeaseTtl, IReadOnlyDictionary<string, string> options, string namespaceId = "root") => new()
    {
        Path = path,
        Type = type,
        Description = description,
        Uuid = Guid.NewGuid().ToString(),
        Accessor = $"{(path.StartsWith("auth/", StringComparison.Ordinal) ? "auth_" : "")}{type}_{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}",
        Local = local,
        DefaultLeaseTtlSeconds = defaultLeaseTtl,
        MaxLeaseTtlSeconds = maxLeaseTtl,
        Options = options,
        NamespaceId = namespaceId,
    };

    /// <summary>Rewrites the one stored table that <paramref name="changed"/> belongs to.</summary>
    private static SecureOperation TableWrite(IEnumerable<MountEntry> entries, MountEntry changed)
    {
        var sameTable = entries.Where(e => e.Local == changed.Local && e.IsAuth == changed.IsAuth);
        var array = new JsonArray(sameTable.Select(e => (JsonNode)e.ToStorageJson()).ToArray());
        var path = (changed.IsAuth, changed.Local) switch
        {
            (false, false) => SharedTablePath,
            (false, true) => LocalTablePath,
            (true, false) => SharedAuthTablePath,
            (true, true) => LocalAuthTablePath,
        };
        return SecureOperation.Put(path, JsonSerializer.SerializeToUtf8Bytes(array));
    }

    private async Task<List<MountEntry>> ReadTableAsync(string path, CancellationToken cancellationToken)
    {
        var stored = await storage.GetAsync(path, cancellationToken);
        return stored is null
            ? []
            : JsonNode.Parse(stored)!.AsArray().Select(n => MountEntry.FromStorageJson(n!.AsObject())).ToList();
    }

    private static IReadOnlyList<MountEntry> Order(IEnumerable<MountEntry> entries) =>
        entries.OrderByDescending(e => e.Path.Length).ThenBy(e => e.Path, StringComparer.Ordinal).ToList();
}
