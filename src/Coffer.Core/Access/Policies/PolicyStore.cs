using System.Collections.Concurrent;
using Coffer.Core.Barrier;

namespace Coffer.Core.Access.Policies;

/// <summary>
/// ACL policies per namespace, kept under <c>core/policies/&lt;namespace id&gt;/&lt;name&gt;</c> (replicated
/// configuration), plus the built-in <c>root</c> and <c>response-wrapping</c> policies, which are never stored.
/// Parsed policies and compiled ACLs are cached; every change here invalidates them, and changes that reach storage
/// another way (replication) must be reported through <see cref="InvalidateStorageKey"/>.
/// </summary>
public sealed class PolicyStore
{
    /// <summary>Storage prefix of all policies; the rest of the key is <c>&lt;namespace id&gt;/&lt;name&gt;</c>.</summary>
    public const string StoragePrefix = "core/policies/";

    private static readonly Policy ResponseWrapping =
        PolicyParser.Parse(BuiltinPolicies.ResponseWrappingName, BuiltinPolicies.ResponseWrappingText);

    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<IReadOnlyList<string>, ListAcl> _aclsByList = new();
    private readonly ISecureStorage _storage;
    private readonly ConcurrentDictionary<string, Policy?> _policies = new(StringComparer.Ordinal);
    private readonly AclCache _acls = new();

    /// <param name="storage">A view rooted at the barrier (keys are used as-is).</param>
    public PolicyStore(ISecureStorage storage)
    {
        ArgumentNullException.ThrowIfNull(storage);
        _storage = storage;
    }

    /// <summary>Number of compiled ACLs held; for tests and metrics.</summary>
    public int CachedAclCount => _acls.Count;

    /// <summary>The named policy, or null when there is none. <c>root</c> exists only in the root namespace.</summary>
    public async Task<Policy?> GetAsync(string namespaceId, string name, CancellationToken cancellationToken = default)
    {
        name = PolicyNameRules.Normalize(name);
        switch (name)
        {
            case BuiltinPolicies.RootName:
                return namespaceId == PolicyNameRules.RootNamespaceId ? Policy.Root : null;
            case BuiltinPolicies.ResponseWrappingName:
                return ResponseWrapping;
        }
        var key = StorageKey(namespaceId, name);
        if (_policies.TryGetValue(key, out var cached)) return cached;

        var generation = _acls.Generation;
        var stored = await _storage.GetAsync(key, cancellationToken);
        var policy = stored is null ? null : PolicyParser.Parse(name, StoredPolicy.ReadText(stored));
        if (_acls.Generation == generation) _policies[key] = policy;
        if (_acls.Generation != generation) _policies.TryRemove(key, out _);
        return policy;
    }

    /// <summary>
    /// Policy names as <c>sys/policy</c> and <c>sys/policies/acl</c> list them: stored names sorted, without the
    /// unassignable built-ins, followed by <c>root</c> in the root namespace (Vault appends it last).
    /// </summary>
    public async Task<IReadOnlyList<string>> ListAsync(string namespaceId, CancellationToken cancellationToken = default)
    {
        var names = (await _storage.ListRecursiveAsync(NamespacePrefix(namespaceId), cancellationToken))
            .Where(n => !PolicyNameRules.IsHiddenFromListing(n))
            .OrderBy(n => n, StringComparer.Ordinal)
            .ToList();
        if (namespaceId == PolicyNameRules.RootNamespaceId) names.Add(BuiltinPolicies.RootName);
        return names;
    }

    /// <summary>Creates or replaces a policy after parsing it.</summary>
    /// <exception cref="CofferError">400 for an immutable name or text that does not parse.</exception>
    public async Task<Policy> SetAsync(string namespaceId, string name, string text, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        name = RequireName(name);
        if (PolicyNameRules.IsImmutable(name)) throw CofferError.BadRequest($"cannot update \"{name}\" policy");
        var policy = PolicyParser.Parse(name, text);
        await _storage.PutAsync(StorageKey(namespaceId, name), StoredPolicy.Serialize(name, text), cancellationToken);
        Invalidate(namespaceId, name);
        return policy;
    }

    /// <summary>Deletes a policy; deleting one that does not exist succeeds.</summary>
    /// <exception cref="CofferError">400 for <c>default</c> and the immutable built-ins.</exception>
    public async Task DeleteAsync(string namespaceId, string name, CancellationToken cancellationToken = default)
    {
        name = RequireName(name);
        if (name == BuiltinPolicies.DefaultName) throw CofferError.BadRequest("cannot delete default policy");
        if (PolicyNameRules.IsImmutable(name)) throw CofferError.BadRequest($"cannot delete \"{name}\" policy");
        await _storage.DeleteAsync(StorageKey(namespaceId, name), cancellationToken);
        Invalidate(namespaceId, name);
    }

    /// <summary>Deletes every policy of a namespace, <c>default</c> included; only for a namespace being deleted.</summary>
    public async Task DeleteNamespaceAsync(string namespaceId, CancellationToken cancellationToken = default)
    {
        var prefix = NamespacePrefix(namespaceId);
        var names = await _storage.ListRecursiveAsync(prefix, cancellationToken);
        if (names.Count == 0) return;
        await _storage.CommitAsync(names.Select(n => SecureOperation.Delete(prefix + n)).ToList(), cancellationToken);
        foreach (var name in names) Invalidate(namespaceId, name);
    }

    /// <summary>Writes the <c>default</c> policy if the namespace has none. An existing one, edited or not, is kept.</summary>
    public async Task EnsureDefaultsAsync(string namespaceId, CancellationToken cancellationToken = default)
    {
        var key = StorageKey(namespaceId, BuiltinPolicies.DefaultName);
        if (await _storage.GetAsync(key, cancellationToken) is not null) return;
        await _storage.PutAsync(key, StoredPolicy.Serialize(BuiltinPolicies.DefaultName, BuiltinPolicies.DefaultText), cancellationToken);
        Invalidate(namespaceId, BuiltinPolicies.DefaultName);
    }

    /// <summary>
    /// The compiled ACL for a caller holding <paramref name="policyNames"/> in a namespace. Names are normalised,
    /// unknown ones skipped (Vault warns when a token is created and ignores them afterwards). Cached until one of
    /// the policies changes. Templated blocks are left out: there is no identity to fill them from yet.
    /// </summary>
    public async Task<Acl> AclForAsync(string namespaceId, IReadOnlyList<string> policyNames, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(policyNames);
        // A token keeps the same policy list object for its whole cached life, so a request normally finds its ACL by
        // that reference alone: no normalising, sorting or joining of names, whose cost would grow with their number.
        var generationBefore = _acls.Generation;
        if (_aclsByList.TryGetValue(policyNames, out var known) && known.NamespaceId == namespaceId && known.Generation == generationBefore)
        {
            return known.Acl;
        }
        var acl = await AclForNamesAsync(namespaceId, policyNames, cancellationToken);
        _aclsByList.AddOrUpdate(policyNames, new ListAcl(namespaceId, generationBefore, acl));
        return acl;
    }

    private async Task<Acl> AclForNamesAsync(string namespaceId, IReadOnlyList<string> policyNames, CancellationToken cancellationToken)
    {
        var names = policyNames.Select(PolicyNameRules.Normalize).Where(n => n.Length > 0)
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        var key = AclCache.KeyOf(namespaceId, names);
        if (_acls.TryGet(key, out var cached)) return cached;

        var generation = _acls.Generation;
        var policies = new List<Policy>(names.Length);
        foreach (var name in names)
        {
            if (await GetAsync(namespaceId, name, cancellationToken) is { } policy) policies.Add(policy);
        }
        var acl = policies.Any(p => p.IsRoot) ? Acl.Compile([Policy.Root]) : Acl.Compile(policies);
        _acls.Add(key, acl, generation);
        return acl;
    }

    /// <summary>Drops what is cached for one policy; called for every change this store makes.</summary>
    public void Invalidate(string namespaceId, string name)
    {
        name = PolicyNameRules.Normalize(name);
        _acls.Invalidate(namespaceId, name);
        _policies.TryRemove(StorageKey(namespaceId, name), out _);
    }

    /// <summary>
    /// For changes applied to storage behind this store's back (replication, restore): forgets what is cached for
    /// the policy at <paramref name="key"/>. Returns false when the key is not a policy key.
    /// </summary>
    public bool InvalidateStorageKey(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (!key.StartsWith(StoragePrefix, StringComparison.Ordinal)) return false;
        var rest = key[StoragePrefix.Length..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == rest.Length - 1) return false;
        Invalidate(rest[..slash], rest[(slash + 1)..]);
        return true;
    }

    /// <summary>Forgets everything cached, e.g. after sealing or a bulk restore.</summary>
    public void InvalidateAll()
    {
        _acls.Clear();
        _policies.Clear();
    }

    private static string RequireName(string name)
    {
        var normalized = PolicyNameRules.Normalize(name);
        return normalized.Length > 0 ? normalized : throw CofferError.BadRequest("missing policy name");
    }

    private static string NamespacePrefix(string namespaceId)
    {
        ArgumentException.ThrowIfNullOrEmpty(namespaceId);
        if (namespaceId.Contains('/')) throw new ArgumentException("namespace id must not contain '/'", nameof(namespaceId));
        return StoragePrefix + namespaceId + "/";
    }

    private static string StorageKey(string namespaceId, string normalizedName) => NamespacePrefix(namespaceId) + normalizedName;

    /// <summary>An ACL remembered for one policy list object, valid while no policy has changed since.</summary>
    private sealed record ListAcl(string NamespaceId, long Generation, Acl Acl);
}
