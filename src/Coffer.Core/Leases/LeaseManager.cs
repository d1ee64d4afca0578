using System.Text.Json;
using System.Text.Json.Nodes;
using Coffer.Core.Access;
using Coffer.Core.Access.Namespaces;
using Coffer.Core.Barrier;
using Coffer.Core.Routing;

namespace Coffer.Core.Leases;

/// <summary>
/// The expiration manager (spec/vault-api.md §7): turns an engine's <see cref="SecretLease"/> into a stored lease,
/// renews leases through their engine within their max TTL, and revokes them: on expiry (a sweep every second), by
/// hand, with the token that holds them, or with the mount that issued them. A revocation the engine cannot do is
/// retried with backoff and finally kept as irrevocable, never dropped.
/// </summary>
public sealed partial class LeaseManager
{
    /// <summary>Where leases are stored, one entry per lease id; DrOnly like the rest of <c>sys/</c>.</summary>
    public const string IdPrefix = "sys/expire/id/";

    /// <summary>Failed revocations of an expired lease before it is marked irrevocable.</summary>
    public const int MaxRevokeAttempts = 6;

    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromMinutes(5);

    /// <summary>How often an irrevocable lease is tried again, in case whatever blocked it has been fixed.</summary>
    private static readonly TimeSpan IrrevocableRetryDelay = TimeSpan.FromDays(1);

    /// <summary>Engine errors are kept with the lease, so a chatty one must not bloat storage.</summary>
    private const int MaxErrorLength = 240;

    private readonly CofferCore _core;
    private readonly TimeSpan _sweepInterval;
    private volatile LoadedLeases? _loaded;
    private long _expirationErrors;

    public LeaseManager(CofferCore core, TimeSpan? sweepInterval = null)
    {
        _core = core;
        _sweepInterval = sweepInterval ?? TimeSpan.FromSeconds(1);
    }

    /// <summary>Raised after each failed revocation of an expired lease (for <c>vault.expire.lease_expiration.error</c>).</summary>
    public event Action<LeaseEntry, Exception>? RevocationFailed;

    /// <summary>Raised when a sweep fails for a reason other than an engine refusing a revocation.</summary>
    public event Action<Exception>? BackgroundError;

    /// <summary>Leases held now, irrevocable ones included (<c>vault.expire.num_leases</c>); 0 while sealed.</summary>
    public int Count => _loaded?.Count ?? 0;

    /// <summary>Leases whose revocation gave up (<c>vault.expire.num_irrevocable_leases</c>); 0 while sealed.</summary>
    public int IrrevocableCount => _loaded?.Snapshot().Count(e => e.Irrevocable) ?? 0;

    /// <summary>Failed revocations of expired leases since this node started.</summary>
    public long ExpirationErrors => Interlocked.Read(ref _expirationErrors);

    /// <summary>At unseal: reads every stored lease, queues each for when it is due, and starts the sweep.</summary>
    public async Task LoadAsync(CancellationToken cancellationToken = default)
    {
        Unload();
        var loaded = new LoadedLeases();
        try
        {
            foreach (var key in await _core.Barrier.ListRecursiveAsync(IdPrefix, cancellationToken))
            {
                var stored = await _core.Barrier.GetAsync(IdPrefix + key, cancellationToken);
                if (stored is null)
                {
                    continue;
                }
                try
                {
                    loaded.Remember(LeaseEntrySerializer.Deserialize(stored));
                }
                catch (JsonException error)
                {
                    // One unreadable entry must not keep the node sealed; it stays in storage for an operator.
                    ReportBackgroundError(new InvalidDataException($"lease entry {key} is unreadable", error));
                }
            }
        }
        catch
        {
            loaded.Dispose();
            throw;
        }
        _loaded = loaded;
        loaded.StartSweep(_sweepInterval, token => SweepAsync(loaded, token), ReportBackgroundError);
    }

    /// <summary>At seal: stops the sweep and forgets the in-memory copy; storage keeps every lease.</summary>
    public void Unload() => Interlocked.Exchange(ref _loaded, null)?.Dispose();

    /// <summary>
    /// Gives a response that carries a <see cref="Response.Secret"/> its lease: picks the id
    /// (<c>&lt;request path&gt;/&lt;24 base62&gt;[.&lt;nsid&gt;]</c>), works out the TTL, stores the lease and fills
    /// <c>lease_id</c>, <c>lease_duration</c> and <c>renewable</c>. If the lease cannot be stored the secret is
    /// revoked again, so nothing is handed out that nobody tracks.
    /// </summary>
    public async Task RegisterAsync(Request request, MountEntry mount, Response response, CancellationToken cancellationToken = default)
    {
        if (response.Secret is not { } secret)
        {
            return;
        }
        var loaded = Require();
        var token = request.Token ?? throw new InvalidOperationException("cannot register a lease with an empty client token");
        var now = _core.Clock.UtcNow;
        var expire = now.AddSeconds(TtlOf(mount).ForIssue(secret.TtlSeconds, secret.MaxTtlSeconds));
        DateTimeOffset? tokenExpiry = token.IsBatch ? token.ExpireTime : null;
        if (tokenExpiry is { } cap && cap < expire)
        {
            expire = cap;
        }
        var entry = new LeaseEntry
        {
            LeaseId = NewLeaseId(request.Path, request.NamespaceId),
            Path = request.Path.Trim('/'),
            NamespaceId = request.NamespaceId,
            MountUuid = mount.Uuid,
            MountAccessor = mount.Accessor,
            MountRelativePath = request.MountRelativePath,
            InternalData = (JsonObject)secret.InternalData.DeepClone(),
            IssueTime = now,
            ExpireTime = expire,
            Renewable = secret.Renewable,
            MaxTtlSeconds = secret.MaxTtlSeconds,
            // A batch token is never stored or revoked itself; its leases go with its parent, or with its TTL.
            TokenAccessor = token.IsBatch ? token.ParentAccessor : token.Accessor,
            TokenExpireTime = tokenExpiry,
        };
        try
        {
            using (await loaded.Locks.AcquireAsync(entry.LeaseId, cancellationToken))
            {
                await PersistAsync(loaded, entry, cancellationToken);
            }
        }
        catch (Exception) when (_core.Backends.Find(mount.Uuid) is { } backend)
        {
            await RevokeUntrackedAsync(backend, entry);
            throw;
        }
        response.LeaseId = entry.LeaseId;
        response.LeaseDuration = (long)Math.Round((expire - now).TotalSeconds);
        response.Renewable = secret.Renewable;
    }

    /// <summary>The lease with this id, or null.</summary>
    public LeaseEntry? Find(string leaseId) => Require().Get(leaseId);

    /// <summary>Every lease held now (tidy, counts, listings).</summary>
    public IReadOnlyList<LeaseEntry> Snapshot() => Require().Snapshot();

    /// <summary>
    /// Extends a lease from now through its engine (spec §7): the increment (else the engine's TTL, else the
    /// default), never past issue time plus the max TTL. Null when the engine answers without new terms.
    /// </summary>
    public async Task<Response?> RenewAsync(string leaseId, string namespaceId, long incrementSeconds, CancellationToken cancellationToken = default)
    {
        var loaded = Require();
        using (await loaded.Locks.AcquireAsync(leaseId, cancellationToken))
        {
            var now = _core.Clock.UtcNow;
            var entry = RenewableOrThrow(loaded.Get(leaseId), now);
            if (entry.NamespaceId != namespaceId)
            {
                throw CofferError.BadRequest("cannot renew a lease across namespaces");
            }
            var backend = _core.Backends.Find(entry.MountUuid)
                          ?? throw CofferError.BadRequest("failed to renew entry: no mount serves this lease any more");
            var renewed = await backend.RenewLeaseAsync(ContextOf(entry, incrementSeconds), cancellationToken);
            if (renewed?.Secret is not { } secret)
            {
                return null;
            }
            var engineMax = secret.MaxTtlSeconds > 0 ? secret.MaxTtlSeconds : entry.MaxTtlSeconds;
            var (ttl, warning) = TtlOf(_core.Mounts.FindByUuid(entry.MountUuid))
                .ForRenewal(now, entry.IssueTime, incrementSeconds, secret.TtlSeconds, engineMax);
            var expire = now.AddSeconds(ttl);
            if (entry.TokenExpireTime is { } cap && cap < expire)
            {
                expire = cap;
                ttl = Math.Max(0, (long)Math.Round((cap - now).TotalSeconds));
            }
            var updated = entry with
            {
                ExpireTime = expire,
                LastRenewalTime = now,
                Renewable = secret.Renewable,
                MaxTtlSeconds = engineMax,
                InternalData = secret.InternalData.Count > 0 ? (JsonObject)secret.InternalData.DeepClone() : entry.InternalData,
            };
            await PersistAsync(loaded, updated, cancellationToken);
            var response = new Response { Data = renewed.Data, LeaseId = leaseId, LeaseDuration = ttl, Renewable = secret.Renewable };
            response.Warnings.AddRange(renewed.Warnings);
            if (warning is not null)
            {
                response.Warnings.Add(warning);
            }
            return response;
        }
    }

    /// <summary>Vault's checks, in its order, before a renewal reaches the engine.</summary>
    private static LeaseEntry RenewableOrThrow(LeaseEntry? entry, DateTimeOffset now) => entry switch
    {
        null => throw CofferError.BadRequest("lease not found"),
        { Irrevocable: true } => throw CofferError.BadRequest("lease is expired and has failed previous revocation attempts"),
        _ when entry.HasExpired(now) => throw CofferError.BadRequest("lease expired"),
        { Renewable: false } => throw CofferError.BadRequest("lease is not renewable"),
        _ => entry,
    };

    private LeaseTtl TtlOf(MountEntry? mount)
    {
        var current = mount is null ? null : _core.Mounts.FindByUuid(mount.Uuid) ?? mount;
        return new LeaseTtl(current?.DefaultLeaseTtlSeconds ?? 0, current?.MaxLeaseTtlSeconds ?? 0,
            _core.Options.DefaultLeaseTtlSeconds, _core.Options.MaxLeaseTtlSeconds);
    }

    private static string NewLeaseId(string requestPath, string namespaceId)
    {
        var id = requestPath.Trim('/') + "/" + TokenGenerator.RandomBase62(24);
        return namespaceId == NamespaceEntry.RootId ? id : id + "." + namespaceId;
    }

    private static LeaseContext ContextOf(LeaseEntry entry, long incrementSeconds) =>
        new(entry.LeaseId, entry.MountRelativePath, (JsonObject)entry.InternalData.DeepClone(), entry.IssueTime, incrementSeconds);

    /// <summary>Stores the entry and refreshes the in-memory copy; the caller holds the lease's lock.</summary>
    private async Task PersistAsync(LoadedLeases loaded, LeaseEntry entry, CancellationToken cancellationToken)
    {
        await _core.Barrier.PutAsync(IdPrefix + entry.LeaseId, LeaseEntrySerializer.Serialize(entry), cancellationToken);
        loaded.Remember(entry);
    }

    /// <summary>Deletes the entry; the caller holds the lease's lock.</summary>
    private async Task DeleteAsync(LoadedLeases loaded, LeaseEntry entry, CancellationToken cancellationToken)
    {
        await _core.Barrier.DeleteAsync(IdPrefix + entry.LeaseId, cancellationToken);
        loaded.Forget(entry);
    }

    /// <summary>Best effort: the registration failed, so the only copy of the secret's details is about to be lost.</summary>
    private static async Task RevokeUntrackedAsync(ILogicalBackend backend, LeaseEntry entry)
    {
        try
        {
            await backend.RevokeLeaseAsync(ContextOf(entry, 0), CancellationToken.None);
        }
        catch (Exception)
        {
            // The registration error is what the caller must see; this one only means the secret outlives it.
        }
    }

    private void ReportBackgroundError(Exception error)
    {
        try
        {
            BackgroundError?.Invoke(error);
        }
        catch (Exception)
        {
            // A failing subscriber must not stop the sweep that revokes expired leases.
        }
    }

    private LoadedLeases Require() => _loaded ?? throw CofferError.Sealed();
}
