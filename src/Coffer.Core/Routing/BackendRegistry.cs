using Coffer.Core.Auth.AppRole;
using Coffer.Core.Auth.Token;
using Coffer.Core.Auth.Userpass;
using Coffer.Core.Barrier;
using Coffer.Core.Engines.Cubbyhole;
using Coffer.Core.Engines.Kv;
using Coffer.Core.Engines.System;

namespace Coffer.Core.Routing;

/// <summary>The running engine of every mount, by mount uuid. Swapped as a whole so lookups need no lock.</summary>
public sealed class BackendRegistry(CofferCore core)
{
    private volatile IReadOnlyDictionary<string, ILogicalBackend> _backends = new Dictionary<string, ILogicalBackend>();
    private volatile IReadOnlyDictionary<string, Func<MountEntry, ISecureStorage, ILogicalBackend>> _extraTypes =
        new Dictionary<string, Func<MountEntry, ISecureStorage, ILogicalBackend>>();

    public ILogicalBackend this[string uuid] => _backends[uuid];

    public ILogicalBackend? Find(string uuid) => _backends.GetValueOrDefault(uuid);

    public void Load(IEnumerable<MountEntry> entries) => _backends = entries.ToDictionary(e => e.Uuid, Create);

    public void Clear()
    {
        var previous = _backends;
        _backends = new Dictionary<string, ILogicalBackend>();
        foreach (var backend in previous.Values)
        {
            Dispose(backend);
        }
    }

    public void Add(MountEntry entry, ILogicalBackend backend) =>
        _backends = new Dictionary<string, ILogicalBackend>(_backends) { [entry.Uuid] = backend };

    public void Remove(string uuid)
    {
        var next = new Dictionary<string, ILogicalBackend>(_backends);
        next.Remove(uuid, out var removed);
        _backends = next;
        if (removed is not null)
        {
            Dispose(removed);
        }
    }

    /// <summary>
    /// Lets an engine that holds resources (connection pools, timers) release them once it is unmounted or the node
    /// sealed. Runs in the background: in-flight requests already hold the engine, and a slow close must not hold up a seal.
    /// </summary>
    private static void Dispose(ILogicalBackend backend)
    {
        if (backend is IAsyncDisposable disposable)
        {
            _ = Task.Run(async () =>
            {
                try
                {
                    await disposable.DisposeAsync();
                }
                catch (Exception)
                {
                    // Nothing is left to do for an engine that failed to close; it is no longer reachable.
                }
            });
        }
    }

    /// <summary>
    /// Test seam: makes <paramref name="type"/> a mountable secret engine built by <paramref name="factory"/> (with the
    /// mount's storage view), so tests can mount engines the product does not ship, such as a leasing engine whose
    /// revocation can be made to fail.
    /// </summary>
    public void RegisterTestType(string type, Func<MountEntry, ISecureStorage, ILogicalBackend> factory) =>
        _extraTypes = new Dictionary<string, Func<MountEntry, ISecureStorage, ILogicalBackend>>(_extraTypes) { [type] = factory };

    /// <summary>The entry as tuned now: engines outlive tuning, so they read TTLs through this.</summary>
    private MountEntry Current(MountEntry entry) => core.Mounts.FindByUuid(entry.Uuid) ?? entry;

    /// <summary>Builds the engine for a mount; an unknown type is a 400 before anything is written.</summary>
    public ILogicalBackend Create(MountEntry entry)
    {
        var storage = new StorageView(core.Barrier, entry.StoragePrefix);
        switch (entry.Type)
        {
            case "system":
                return new SystemBackend(core);
            case "cubbyhole":
                return new CubbyholeBackend(storage);
            case "token" when entry.IsAuth:
                return new TokenBackend(core.Tokens, new TokenBackendOptions
                {
                    MountTtls = () => Current(entry) is var tuned ? (tuned.DefaultLeaseTtlSeconds, tuned.MaxLeaseTtlSeconds) : default,
                    PolicyExists = async (name, ct) => await core.Policies.GetAsync(entry.NamespaceId, name, ct) is not null,
                    NamespacePath = id => core.Namespaces.ById(id)?.Path,
                    NamespaceId = entry.NamespaceId,
                });
            case "userpass" when entry.IsAuth:
                return new UserpassBackend(storage);
            case "approle" when entry.IsAuth:
                return new AppRoleBackend(storage, core.Clock);
            case "transit" when !entry.IsAuth: return new Engines.Transit.TransitBackend(storage, core.Clock);
            case "database" when !entry.IsAuth:
                return new Engines.Database.DatabaseBackend(storage, () => Current(entry) is var tuned
                    ? (tuned.DefaultLeaseTtlSeconds > 0 ? tuned.DefaultLeaseTtlSeconds : core.Options.DefaultLeaseTtlSeconds,
                       tuned.MaxLeaseTtlSeconds > 0 ? tuned.MaxLeaseTtlSeconds : core.Options.MaxLeaseTtlSeconds)
                    : default, core.Clock);
            case "kv" when !entry.IsAuth && entry.KvUpgradePending:
                return new KvUpgradingBackend();
            case "kv" when !entry.IsAuth:
                var version = entry.Options.GetValueOrDefault("version", "1");
                if (version == "2")
                {
                    return new KvV2Backend(storage, core.Clock);
                }
                if (version is not ("1" or ""))
                {
                    throw CofferError.BadRequest($"kv version {version} is not supported; use version 1 or 2");
                }
                return new KvV1Backend(storage, () => Current(entry).DefaultLeaseTtlSeconds is > 0 and var ttl ? ttl : core.Options.DefaultLeaseTtlSeconds);
            case var extra when !entry.IsAuth && _extraTypes.TryGetValue(extra, out var factory):
                return factory(entry, storage);
            default:
                throw CofferError.BadRequest(entry.IsAuth
                    ? $"unknown auth method type: {entry.Type}"
                    : $"plugin not found in the catalog: {entry.Type}");
        }
    }
}
