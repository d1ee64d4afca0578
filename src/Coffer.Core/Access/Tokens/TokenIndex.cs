using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Coffer.Core.Barrier;

namespace Coffer.Core.Access;

/// <summary>
/// Service token entries in storage (<c>sys/token/…</c>, DrOnly) with an in-memory copy so the request path does not
/// read storage. Every change of one token happens under that token's stripe lock, which is also taken when a cache
/// miss reads storage, so a slow read can never put back an entry that a revocation just removed.
/// </summary>
internal sealed class TokenIndex(ISecureStorage storage)
{
    public const string IdPrefix = "sys/token/id/";
    public const string AccessorPrefix = "sys/token/accessor/";
    public const string ParentPrefix = "sys/token/parent/";

    private readonly ConcurrentDictionary<string, TokenEntry> _entries = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _accessors = new(StringComparer.Ordinal);

    public StripedLocks Locks { get; } = new();

    /// <summary>Reads every stored entry into memory (at unseal); returns them for the expiry queue.</summary>
    public async Task<List<TokenEntry>> LoadAllAsync(CancellationToken cancellationToken)
    {
        Clear();
        var loaded = new List<TokenEntry>();
        foreach (var hashedId in await storage.ListAsync(IdPrefix, cancellationToken))
        {
            TokenEntry? entry;
            try
            {
                entry = await ReadStoredAsync(hashedId, cancellationToken);
            }
            catch (JsonException)
            {
                // One unreadable entry must not keep the whole store from unsealing; that token alone fails on use.
                continue;
            }
            if (entry is not null)
            {
                Remember(entry);
                loaded.Add(entry);
            }
        }
        return loaded;
    }

    public void Clear()
    {
        _entries.Clear();
        _accessors.Clear();
    }

    public async Task<TokenEntry?> GetAsync(string hashedId, CancellationToken cancellationToken)
    {
        if (_entries.TryGetValue(hashedId, out var cached))
        {
            return cached;
        }
        using (await Locks.AcquireAsync(hashedId, cancellationToken))
        {
            return await GetLockedAsync(hashedId, cancellationToken);
        }
    }

    /// <summary>As <see cref="GetAsync"/>, for callers that already hold the token's stripe lock.</summary>
    public async Task<TokenEntry?> GetLockedAsync(string hashedId, CancellationToken cancellationToken)
    {
        if (_entries.TryGetValue(hashedId, out var cached))
        {
            return cached;
        }
        var stored = await ReadStoredAsync(hashedId, cancellationToken);
        if (stored is not null)
        {
            Remember(stored);
        }
        return stored;
    }

    public async Task<string?> HashedIdOfAccessorAsync(string accessor, CancellationToken cancellationToken)
    {
        if (accessor.Length == 0 || accessor.Contains('/'))
        {
            return null;
        }
        if (_accessors.TryGetValue(accessor, out var hashedId))
        {
            return hashedId;
        }
        var stored = await storage.GetAsync(AccessorPrefix + accessor, cancellationToken);
        return stored is null ? null : Encoding.UTF8.GetString(stored);
    }

    /// <summary>
    /// Writes a new token, its accessor and its place under its parent in one batch; false if the id is taken. Every
    /// readable token is in memory, so only a caller-chosen id (which may match an entry that failed to load) needs
    /// the extra storage read: a random 24-character id cannot collide.
    /// </summary>
    public async Task<bool> AddAsync(TokenEntry entry, bool callerChoseId, CancellationToken cancellationToken)
    {
        using (await Locks.AcquireAsync(entry.HashedId, cancellationToken))
        {
            if (_entries.ContainsKey(entry.HashedId) ||
                (callerChoseId && await storage.GetAsync(IdPrefix + entry.HashedId, cancellationToken) is not null))
            {
                return false;
            }
            var batch = new List<SecureOperation>
            {
                SecureOperation.Put(IdPrefix + entry.HashedId, TokenEntrySerializer.Serialize(entry)),
                SecureOperation.Put(AccessorPrefix + entry.Accessor, Encoding.UTF8.GetBytes(entry.HashedId)),
            };
            if (entry.Parent.Length > 0)
            {
                batch.Add(SecureOperation.Put(ChildKey(entry.Parent, entry.HashedId), []));
            }
            await storage.CommitAsync(batch, cancellationToken);
            Remember(entry);
            return true;
        }
    }

    /// <summary>Stores a changed entry; the caller holds the token's stripe lock.</summary>
    public async Task ReplaceLockedAsync(TokenEntry entry, CancellationToken cancellationToken)
    {
        await storage.PutAsync(IdPrefix + entry.HashedId, TokenEntrySerializer.Serialize(entry), cancellationToken);
        _entries[entry.HashedId] = entry;
    }

    /// <summary>Makes a child an orphan and drops it from its parent's index; the caller holds the child's stripe lock.</summary>
    public async Task OrphanLockedAsync(TokenEntry child, CancellationToken cancellationToken)
    {
        var orphan = child with { Parent = "" };
        await storage.CommitAsync(
        [
            SecureOperation.Put(IdPrefix + orphan.HashedId, TokenEntrySerializer.Serialize(orphan)),
            SecureOperation.Delete(ChildKey(child.Parent, child.HashedId)),
        ], cancellationToken);
        _entries[orphan.HashedId] = orphan;
    }

    /// <summary>Deletes a token, its accessor and its index entry in one batch; the caller holds the token's stripe lock.</summary>
    public async Task RemoveLockedAsync(TokenEntry entry, CancellationToken cancellationToken)
    {
        var batch = new List<SecureOperation>
        {
            SecureOperation.Delete(IdPrefix + entry.HashedId),
            SecureOperation.Delete(AccessorPrefix + entry.Accessor),
        };
        if (entry.Parent.Length > 0)
        {
            batch.Add(SecureOperation.Delete(ChildKey(entry.Parent, entry.HashedId)));
        }
        await storage.CommitAsync(batch, cancellationToken);
        _entries.TryRemove(entry.HashedId, out _);
        _accessors.TryRemove(entry.Accessor, out _);
    }

    public Task RemoveChildLinkAsync(string parent, string child, CancellationToken cancellationToken) =>
        storage.DeleteAsync(ChildKey(parent, child), cancellationToken);

    public Task RemoveAccessorAsync(string accessor, CancellationToken cancellationToken)
    {
        _accessors.TryRemove(accessor, out _);
        return storage.DeleteAsync(AccessorPrefix + accessor, cancellationToken);
    }

    /// <summary>Drops a cached entry whose storage is gone (found by tidy after a crash or manual repair).</summary>
    public void Forget(string hashedId)
    {
        if (_entries.TryRemove(hashedId, out var entry))
        {
            _accessors.TryRemove(entry.Accessor, out _);
        }
    }

    /// <summary>Every entry held in memory; all stored tokens are read at unseal, so this is the whole store.</summary>
    public IReadOnlyList<TokenEntry> Snapshot() => _entries.Values.ToList();

    public Task<IReadOnlyList<string>> ChildrenOfAsync(string hashedId, CancellationToken cancellationToken) =>
        storage.ListAsync(ParentPrefix + hashedId + "/", cancellationToken);

    /// <summary>HashedIds that have a child folder in the parent index (without the trailing slash).</summary>
    public async Task<IEnumerable<string>> ListParentsAsync(CancellationToken cancellationToken) =>
        (await storage.ListAsync(ParentPrefix, cancellationToken)).Where(k => k.EndsWith('/')).Select(k => k.TrimEnd('/'));

    public Task<IReadOnlyList<string>> ListAccessorsAsync(CancellationToken cancellationToken) =>
        storage.ListAsync(AccessorPrefix, cancellationToken);

    public Task<IReadOnlyList<string>> ListHashedIdsAsync(CancellationToken cancellationToken) =>
        storage.ListAsync(IdPrefix, cancellationToken);

    public async Task<bool> IsStoredAsync(string hashedId, CancellationToken cancellationToken) =>
        await storage.GetAsync(IdPrefix + hashedId, cancellationToken) is not null;

    private async Task<TokenEntry?> ReadStoredAsync(string hashedId, CancellationToken cancellationToken)
    {
        if (hashedId.Length == 0 || hashedId.Contains('/'))
        {
            return null;
        }
        var stored = await storage.GetAsync(IdPrefix + hashedId, cancellationToken);
        return stored is null ? null : TokenEntrySerializer.Deserialize(stored);
    }

    private void Remember(TokenEntry entry)
    {
        _entries[entry.HashedId] = entry;
        _accessors[entry.Accessor] = entry.HashedId;
    }

    private static string ChildKey(string parent, string child) => ParentPrefix + parent + "/" + child;
}
