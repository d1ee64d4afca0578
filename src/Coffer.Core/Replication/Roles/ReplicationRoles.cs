using System.Security.Cryptography;
using Coffer.Core.Barrier;

namespace Coffer.Core.Replication.Roles;

/// <summary>
/// Holds this cluster's replication roles. Every change is written to storage before the in-memory state moves
/// (DESIGN.md §4, invariant 4), so a node that crashes mid-change restarts in the role it last persisted.
/// </summary>
public sealed class ReplicationRoles(ISecureStorage storage, IClock clock)
{
    /// <summary>Class Local (<c>core/local/</c>): a role belongs to this cluster and is never replicated.</summary>
    public const string StatePath = "core/local/replication/roles";

    private readonly SemaphoreSlim _lock = new(1, 1);
    private ReplicationRoleState _state = ReplicationRoleState.Initial;

    public ReplicationRoleState State => Volatile.Read(ref _state);

    /// <summary>Loads the persisted roles at unseal (none stored means replication was never enabled).</summary>
    public async Task LoadAsync(CancellationToken cancellationToken = default)
    {
        var stored = await storage.GetAsync(StatePath, cancellationToken);
        Volatile.Write(ref _state, stored is null ? ReplicationRoleState.Initial : ReplicationRoleState.Deserialize(stored));
    }

    /// <summary>Forgets the roles at seal and wipes the signing key (sealed means no key material in memory).</summary>
    public void Unload()
    {
        var previous = Interlocked.Exchange(ref _state, ReplicationRoleState.Initial);
        if (previous.DrSigningKey is { } key)
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>Makes this cluster a DR primary with a new replication-set id and a new token signing key.</summary>
    public Task<ReplicationRoleState> EnableDrPrimaryAsync(string primaryClusterAddr, CancellationToken cancellationToken = default) =>
        ChangeAsync(state =>
        {
            if (state.DrMode != ReplicationRoleState.Disabled)
            {
                throw CofferError.BadRequest(state.DrMode == ReplicationRoleState.Primary
                    ? "DR replication is already enabled as a primary on this cluster"
                    : "this cluster is a DR secondary: promote it instead");
            }
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP521);
            return state with
            {
                DrMode = ReplicationRoleState.Primary,
                DrClusterId = Guid.NewGuid().ToString(),
                PrimaryClusterAddr = primaryClusterAddr,
                DrEnabledAt = clock.UtcNow,
                DrSecondaries = [],
                DrSigningKey = key.ExportPkcs8PrivateKey(),
            };
        }, cancellationToken);

    /// <summary>Ends DR on this primary: every secondary is marked revoked and the set's id and key are dropped.</summary>
    public Task<ReplicationRoleState> DisableDrPrimaryAsync(CancellationToken cancellationToken = default) =>
        ChangeAsync(state =>
        {
            RequirePrimary(state);
            var now = clock.UtcNow;
            return state with
            {
                DrMode = ReplicationRoleState.Disabled,
                DrClusterId = "",
                PrimaryClusterAddr = "",
                DrEnabledAt = null,
                DrSigningKey = null,
                DrSecondaries = state.DrSecondaries.Select(s => s.IsRevoked ? s : s with { RevokedAt = now }).ToList(),
            };
        }, cancellationToken);

    /// <summary>
    /// Turns this DR primary into a DR secondary with no upstream (spec/replication.md §4.1). The replication-set id
    /// is kept so the cluster can rejoin the same set with update-primary and no wipe; the address secondaries were
    /// told to dial is dropped because this cluster no longer serves them.
    /// </summary>
    public Task<ReplicationRoleState> DemoteDrPrimaryAsync(CancellationToken cancellationToken = default) =>
        ChangeAsync(state =>
        {
            RequirePrimary(state);
            return state with { DrMode = ReplicationRoleState.Secondary, PrimaryClusterAddr = "" };
        }, cancellationToken);

    /// <summary>
    /// Marks this cluster as bootstrapping in memory only (spec §5.1 <c>bootstrapping</c>): its storage is being
    /// replaced, so nothing can be persisted until the primary's keyring is in place.
    /// </summary>
    public void BeginBootstrap(string drClusterId) =>
        Volatile.Write(ref _state, ReplicationRoleState.Initial with { DrMode = ReplicationRoleState.Bootstrapping, DrClusterId = drClusterId });

    /// <summary>Persists this cluster as a DR secondary of the set <paramref name="drClusterId"/> (after a bootstrap).</summary>
    public Task<ReplicationRoleState> BecomeDrSecondaryAsync(string drClusterId, CancellationToken cancellationToken = default) =>
        ChangeAsync(_ => ReplicationRoleState.Initial with
        {
            DrMode = ReplicationRoleState.Secondary,
            DrClusterId = drClusterId,
            DrEnabledAt = clock.UtcNow,
        }, cancellationToken);

    /// <summary>
    /// DR secondary to DR primary (spec §4.2 promote): the set keeps its id, so the old primary can rejoin it with
    /// update-primary; a new signing key means only tokens this cluster mints from now on activate secondaries.
    /// </summary>
    public Task<ReplicationRoleState> PromoteDrSecondaryAsync(string primaryClusterAddr, CancellationToken cancellationToken = default) =>
        ChangeAsync(state =>
        {
            RequireSecondary(state);
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP521);
            return state with
            {
                DrMode = ReplicationRoleState.Primary,
                PrimaryClusterAddr = primaryClusterAddr,
                DrSecondaries = [],
                DrSigningKey = key.ExportPkcs8PrivateKey(),
            };
        }, cancellationToken);

    /// <summary>Ends DR on a secondary (spec §4.2 disable): the cluster keeps its data and serves it on its own.</summary>
    public Task<ReplicationRoleState> DisableDrSecondaryAsync(CancellationToken cancellationToken = default) =>
        ChangeAsync(state =>
        {
            RequireSecondary(state);
            return state with { DrMode = ReplicationRoleState.Disabled, DrClusterId = "", PrimaryClusterAddr = "", DrEnabledAt = null };
        }, cancellationToken);

    private static void RequireSecondary(ReplicationRoleState state)
    {
        if (state.DrMode != ReplicationRoleState.Secondary)
        {
            throw CofferError.BadRequest("this cluster is not a DR secondary");
        }
    }

    /// <summary>Records a secondary about to receive an activation token; an id that is still active is refused.</summary>
    public Task<ReplicationRoleState> AddDrSecondaryAsync(string id, CancellationToken cancellationToken = default) =>
        ChangeAsync(state =>
        {
            RequirePrimary(state);
            if (state.FindDrSecondary(id) is { IsRevoked: false })
            {
                throw CofferError.BadRequest($"a secondary with id \"{id}\" already exists; revoke it first");
            }
            return state with
            {
                DrSecondaries = [.. state.DrSecondaries.Where(s => s.Id != id), new KnownSecondary(id, clock.UtcNow, null)],
            };
        }, cancellationToken);

    /// <summary>Forgets a secondary whose token could not be issued after all (undoes <see cref="AddDrSecondaryAsync"/>).</summary>
    public Task<ReplicationRoleState> ForgetDrSecondaryAsync(string id, CancellationToken cancellationToken = default) =>
        ChangeAsync(state => state with { DrSecondaries = state.DrSecondaries.Where(s => s.Id != id).ToList() }, cancellationToken);

    /// <summary>Marks a secondary revoked. Unknown ids are refused.</summary>
    public Task<ReplicationRoleState> RevokeDrSecondaryAsync(string id, CancellationToken cancellationToken = default) =>
        ChangeAsync(state =>
        {
            RequirePrimary(state);
            var existing = state.FindDrSecondary(id) ?? throw CofferError.BadRequest($"no secondary with id \"{id}\" is known");
            return existing.IsRevoked
                ? state
                : state with { DrSecondaries = state.DrSecondaries.Select(s => s.Id == id ? s with { RevokedAt = clock.UtcNow } : s).ToList() };
        }, cancellationToken);

    private static void RequirePrimary(ReplicationRoleState state)
    {
        if (state.DrMode != ReplicationRoleState.Primary)
        {
            throw CofferError.BadRequest("this cluster is not a DR primary");
        }
    }

    private async Task<ReplicationRoleState> ChangeAsync(Func<ReplicationRoleState, ReplicationRoleState> change, CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken);
        try
        {
            var current = State;
            var next = change(current);
            if (!ReferenceEquals(next, current))
            {
                await storage.PutAsync(StatePath, next.Serialize(), cancellationToken);
                Volatile.Write(ref _state, next);
            }
            return next;
        }
        finally
        {
            _lock.Release();
        }
    }
}
