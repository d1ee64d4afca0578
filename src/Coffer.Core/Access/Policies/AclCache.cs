using System.Collections.Concurrent;

namespace Coffer.Core.Access.Policies;

/// <summary>
/// Compiled ACLs keyed by namespace and sorted policy names, so a request's ACL is one dictionary lookup. Writers
/// bump a generation before dropping entries; a reader only stores what it compiled if no change happened
/// meanwhile, so an ACL built from a policy's old text can never outlive the change.
/// </summary>
internal sealed class AclCache
{
    /// <summary>Beyond this many distinct policy sets the cache starts over rather than grow without bound.</summary>
    private const int MaxEntries = 10_000;

    private const char Separator = '\0';

    private readonly ConcurrentDictionary<string, Acl> _entries = new(StringComparer.Ordinal);
    private long _generation;

    public int Count => _entries.Count;

    /// <summary>Read before loading anything an entry will be built from.</summary>
    public long Generation => Interlocked.Read(ref _generation);

    public static string KeyOf(string namespaceId, IReadOnlyList<string> sortedNames) =>
        namespaceId + Separator + string.Join(Separator, sortedNames);

    public bool TryGet(string key, out Acl acl) => _entries.TryGetValue(key, out acl!);

    public void Add(string key, Acl acl, long generationWhenLoaded)
    {
        if (_entries.Count >= MaxEntries) _entries.Clear();
        if (Generation == generationWhenLoaded) _entries[key] = acl;
        // A change may have landed between the check and the store; drop the entry again if so.
        if (Generation != generationWhenLoaded) _entries.TryRemove(key, out _);
    }

    /// <summary>Forgets every ACL that includes the policy (writes are rare, so a scan is fine).</summary>
    public void Invalidate(string namespaceId, string normalizedName)
    {
        Interlocked.Increment(ref _generation);
        var prefix = namespaceId + Separator;
        foreach (var key in _entries.Keys)
        {
            if (!key.StartsWith(prefix, StringComparison.Ordinal)) continue;
            var names = key[prefix.Length..].Split(Separator);
            if (names.Contains(normalizedName, StringComparer.Ordinal)) _entries.TryRemove(key, out _);
        }
    }

    public void Clear()
    {
        Interlocked.Increment(ref _generation);
        _entries.Clear();
    }
}
