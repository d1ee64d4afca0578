using Coffer.Core.Access;
using Coffer.Core.Access.Namespaces;
using Coffer.Core.Access.Policies;
using Coffer.Core.Audit;
using Coffer.Core.Engines.Cubbyhole;
using Coffer.Core.Engines.System;
using Coffer.Core.Barrier;
using Coffer.Core.Leases;
using Coffer.Core.Routing;
using Coffer.Core.Seal;
using Coffer.Core.Storage;

namespace Coffer.Core;

/// <summary>
/// The core: seal state, token check and routing. Requests pass the seal check, then token lookup, then reach the
/// engine mounted at the longest matching path (DESIGN.md §5).
/// </summary>
public sealed partial class CofferCore : IAsyncDisposable
{
    private readonly IPhysical _physical;
    private readonly IClock _clock;
    private readonly RequestGate _gate = new();

    /// <summary>Requests that use the active state (tokens, mounts, leases): closed while this cluster is a DR secondary.</summary>
    private readonly RequestGate _activeGate = new();
    private readonly AsyncLocal<bool> _insideActiveRequest = new();
    private readonly SemaphoreSlim _sealLock = new(1, 1);
    private readonly RequestPipeline _pipeline;
    private UnsealAttempt? _unsealAttempt;

    public CofferCore(IPhysical physical, CoreOptions options, IClock clock, AuditBrokerOptions? auditOptions = null)
    {
        _physical = physical;
        _clock = clock;
        Options = options;
        Barrier = new AesGcmBarrier(physical, clock);
        Tokens = new TokenStore(Barrier, clock, options.DefaultLeaseTtlSeconds, options.MaxLeaseTtlSeconds);
        Mounts = new MountTable(Barrier);
        Namespaces = new NamespaceStore(Barrier);
        Backends = new BackendRegistry(this);
        Audit = new AuditBroker(Barrier, clock, auditOptions);
        Policies = new PolicyStore(Barrier);
        Wrapping = new WrappingEndpoints(this);
        KvUpgrades = new Engines.Kv.KvVersionUpgrader(this);
        Leases = new LeaseManager(this);
        ClusterTls = new Replication.Tls.ClusterTlsState(Barrier, clock);
        ReplicationRoles = new Replication.Roles.ReplicationRoles(Barrier, clock);
        DrOperationTokens = new Replication.OperationTokens.DrOperationTokens(Barrier, clock, ReplicationRoles, ReadSealConfigAsync);
        RootGeneration = new RootGeneration(Barrier, ReadSealConfigAsync, new RootTokenIssuer(Tokens));
        // A revoked token takes its cubbyhole with it, in every namespace it could have written one.
        Tokens.OnRevoke(async (entry, ct) =>
        {
            var home = Namespaces.ById(entry.NamespaceId)?.Path;
            foreach (var mount in Mounts.Entries.Where(m => m.Type == "cubbyhole" && (m.NamespaceId == entry.NamespaceId ||
                         (home is not null && Namespaces.ById(m.NamespaceId)?.Path.StartsWith(home, StringComparison.Ordinal) == true))))
            {
                if (Backends.Find(mount.Uuid) is CubbyholeBackend cubbyhole)
                {
                    await cubbyhole.DestroyAsync(entry, ct);
                }
            }
        });
        // A revoked token takes its leases with it: they expire at once and the lease sweep revokes them.
        Tokens.OnRevoke(Leases.RevokeByTokenAsync);
        _pipeline = new RequestPipeline(this);
    }

    public CoreOptions Options { get; }
    public AesGcmBarrier Barrier { get; }
    public TokenStore Tokens { get; }
    public MountTable Mounts { get; }
    public NamespaceStore Namespaces { get; }
    public BackendRegistry Backends { get; }
    public AuditBroker Audit { get; }
    public PolicyStore Policies { get; }
    internal WrappingEndpoints Wrapping { get; }
    public Engines.Kv.KvVersionUpgrader KvUpgrades { get; }
    public MountMigrations MountMigrations { get; } = new();
    public LeaseManager Leases { get; }
    public IClock Clock => _clock;
    public string StorageType => _physical.Name;
    public bool IsSealed => Barrier.IsSealed;
    public ClusterIdentity? Cluster { get; private set; }

    /// <summary>The replication CA and cluster-port certificates of this cluster (Local state; null CA until enabled).</summary>
    public Replication.Tls.ClusterTlsState ClusterTls { get; }

    /// <summary>This cluster's persisted replication roles (DR and performance), loaded at unseal.</summary>
    public Replication.Roles.ReplicationRoles ReplicationRoles { get; }

    /// <summary>DR operation token generation and the check DR-operation-gated endpoints make (works on a passive DR secondary).</summary>
    public Replication.OperationTokens.DrOperationTokens DrOperationTokens { get; }

    /// <summary><c>sys/generate-root</c>: a new root token from a quorum of unseal key shares.</summary>
    public RootGeneration RootGeneration { get; }

    /// <summary>
    /// The WAL + merkle layer of the storage stack when the server placed one (status reads its index and root from
    /// here, never from <c>repl/</c> through a cache); null when the core runs without replication support.
    /// </summary>
    public Replication.Wal.ReplicationLog? ReplicationLog { get; init; }

    /// <summary>
    /// Creates (or loads) this cluster's replication CA so the cluster port can open. Replication enable endpoints
    /// call this; the server certificate names the host of <see cref="CoreOptions.ClusterAddress"/>.
    /// </summary>
    public Task<Replication.Tls.ReplicationCertificateAuthority> EnableClusterTlsAsync(CancellationToken cancellationToken = default) =>
        IsSealed ? throw CofferError.Sealed() : ClusterTls.EnableAsync(ClusterAddressHosts(), cancellationToken);

    private IEnumerable<string> ClusterAddressHosts() =>
        Uri.TryCreate(Options.ClusterAddress, UriKind.Absolute, out var uri) ? [uri.Host.Trim('[', ']')] : [];

    /// <summary>When this node became active (unsealed); the zero time while sealed.</summary>
    public DateTimeOffset ActiveSince { get; private set; } = DateTimeOffset.MinValue;

    public Task<bool> IsInitializedAsync(CancellationToken cancellationToken = default) => Barrier.IsInitializedAsync(cancellationToken);

    public async Task<SealConfig?> ReadSealConfigAsync(CancellationToken cancellationToken = default)
    {
        var stored = await _physical.GetAsync(SealConfig.StoragePath, cancellationToken);
        return stored is null ? null : SealConfig.Deserialize(stored);
    }

    /// <summary>
    /// Creates the root key, splits it into shares and writes the first keyring, mount table and root token. The
    /// node is left sealed, as Vault leaves it.
    /// </summary>
    public async Task<InitResult> InitializeAsync(int shares, int threshold, string? rootTokenId = null, CancellationToken cancellationToken = default)
    {
        SealConfig.Validate(shares, threshold);
        await _sealLock.WaitAsync(cancellationToken);
        try
        {
            var rootKey = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);
            await Barrier.InitializeAsync(rootKey, cancellationToken);
            await _physical.PutAsync(SealConfig.StoragePath, new SealConfig(shares, threshold).Serialize(), cancellationToken);
            if (!await Barrier.UnsealAsync(rootKey, cancellationToken))
            {
                throw new InvalidOperationException("a freshly written keyring did not open");
            }
            string rootToken;
            try
            {
                await Tokens.LoadAsync(cancellationToken);
                rootToken = await Tokens.CreateRootTokenAsync(rootTokenId, cancellationToken);
                await EnsureBuiltinMountsAsync(NamespaceEntry.Root, cancellationToken);
                await Policies.EnsureDefaultsAsync(NamespaceEntry.RootId, cancellationToken);
            }
            finally
            {
                Tokens.Unload();
                Mounts.Unload();
                Barrier.Seal();
            }
            IReadOnlyList<byte[]> keys = shares == 1 ? [rootKey] : Shamir.Split(rootKey, shares, threshold);
            return new InitResult(keys, rootToken);
        }
        finally
        {
            _sealLock.Release();
        }
    }

    public async Task<SealStatus> GetSealStatusAsync(CancellationToken cancellationToken = default)
    {
        var config = await ReadSealConfigAsync(cancellationToken);
        var attempt = _unsealAttempt;
        var cluster = IsSealed ? null : Cluster;
        return new SealStatus(config is not null, IsSealed, config?.Threshold ?? 0, config?.Shares ?? 0,
            attempt?.Progress ?? 0, attempt?.Nonce ?? "", cluster?.Name, cluster?.Id);
    }

    /// <summary>Adds one key share; at the threshold the shares are combined and the barrier opened.</summary>
    public async Task<SealStatus> SubmitUnsealKeyAsync(byte[] share, CancellationToken cancellationToken = default)
    {
        await _sealLock.WaitAsync(cancellationToken);
        try
        {
            var config = await ReadSealConfigAsync(cancellationToken) ?? throw CofferError.BadRequest("Vault is not initialized");
            if (IsSealed)
            {
                _unsealAttempt ??= new UnsealAttempt();
                _unsealAttempt.Add(share);
                if (_unsealAttempt.Progress >= config.Threshold)
                {
                    var attempt = _unsealAttempt;
                    _unsealAttempt = null;
                    try
                    {
                        await OpenAsync(CombineShares(attempt.Shares), cancellationToken);
                    }
                    finally
                    {
                        attempt.Wipe();
                    }
                }
            }
        }
        finally
        {
            _sealLock.Release();
        }
        return await GetSealStatusAsync(cancellationToken);
    }

    public async Task<SealStatus> ResetUnsealAsync(CancellationToken cancellationToken = default)
    {
        if (!IsSealed)
        {
            throw CofferError.BadRequest("vault is unsealed");
        }
        await _sealLock.WaitAsync(cancellationToken);
        try
        {
            _unsealAttempt?.Wipe();
            _unsealAttempt = null;
        }
        finally
        {
            _sealLock.Release();
        }
        return await GetSealStatusAsync(cancellationToken);
    }

    /// <summary>Seals the node on behalf of a root token: waits for in-flight requests, then drops all key material.</summary>
    public async Task SealAsync(string? clientToken, CancellationToken cancellationToken = default)
    {
        var token = await AuthenticateAsync(clientToken, cancellationToken);
        if (!token.IsRoot)
        {
            throw CofferError.PermissionDenied();
        }
        await _sealLock.WaitAsync(cancellationToken);
        try
        {
            await _gate.CloseAsync();
            await StopReplicationAsync();
            await _activeGate.CloseAsync();
            UnloadActiveState();
            ClusterTls.Unload();
            ReplicationRoles.Unload();
            DrOperationTokens.Unload();
            RootGeneration.Unload();
            Barrier.Seal();
            ActiveSince = DateTimeOffset.MinValue;
        }
        finally
        {
            _sealLock.Release();
        }
    }

    public async Task<Response?> HandleAsync(Request request, CancellationToken cancellationToken = default)
    {
        if (!_gate.TryEnter())
        {
            throw CofferError.Sealed();
        }
        try
        {
            var state = ReplicationRoles.State;
            Replication.Roles.DrSecondaryRequestGate.Check(state, request);
            if (state.IsDrSecondaryMode)
            {
                return await HandlePassiveAsync(request, cancellationToken);
            }
            if (!_activeGate.TryEnter())
            {
                throw new CofferError(System.Net.HttpStatusCode.ServiceUnavailable, "the cluster is changing its replication role; retry");
            }
            try
            {
                _insideActiveRequest.Value = true;
                request.ClientToken = ResolveActivationToken(request.ClientToken);
                return await _pipeline.HandleAsync(request, cancellationToken);
            }
            finally
            {
                _insideActiveRequest.Value = false;
                _activeGate.Exit();
            }
        }
        finally
        {
            _gate.Exit();
        }
    }

    public Task<TokenEntry> AuthenticateAsync(string? clientToken, CancellationToken cancellationToken = default) =>
        IsSealed ? throw CofferError.Sealed() : _pipeline.AuthenticateAsync(clientToken, cancellationToken);

    /// <summary>Adds a mount and starts its engine; the engine type is checked before anything is written.</summary>
    public async Task EnableMountAsync(MountEntry entry, CancellationToken cancellationToken = default)
    {
        var backend = Backends.Create(entry);
        await Mounts.AddAsync(entry, cancellationToken);
        Backends.Add(entry, backend);
    }

    public async Task<bool> DisableMountAsync(string namespaceId, string path, CancellationToken cancellationToken = default)
    {
        // An auth method takes its tokens with it (spec §3.4): revoked first, so a failure leaves the method there to
        // retry, and again afterwards for any login that raced the removal.
        var isAuth = path.StartsWith("auth/", StringComparison.Ordinal);
        // Leases first (spec §3): a secret engine that cannot revoke them keeps the mount, so nothing is orphaned.
        if (Mounts.Entries.FirstOrDefault(e => e.NamespaceId == namespaceId && e.Path == path) is { } mount)
        {
            await RevokeLeasesOfMountAsync(mount, cancellationToken);
        }
        if (isAuth)
        {
            await Tokens.RevokeByPathPrefixAsync(namespaceId, path, cancellationToken);
        }
        var removed = await Mounts.RemoveAsync(namespaceId, path, cancellationToken);
        if (removed is null)
        {
            return false;
        }
        Backends.Remove(removed.Uuid);
        if (isAuth)
        {
            await Tokens.RevokeByPathPrefixAsync(namespaceId, path, cancellationToken);
        }
        return true;
    }

    /// <summary>
    /// Moves a mount (<c>sys/remount</c>): checks what can be checked at once, then moves in the background and
    /// records the outcome under the returned migration id. The data stays under the mount's uuid; an auth mount's
    /// tokens are revoked, as Vault revokes them, because their login paths name the old location.
    /// </summary>
    public string Remount(string namespaceId, string from, string to)
    {
        var source = Mounts.Entries.FirstOrDefault(e => e.NamespaceId == namespaceId && e.Path == from)
                     ?? throw CofferError.BadRequest($"no matching mount at '{from}'");
        if (from.StartsWith("auth/", StringComparison.Ordinal) != to.StartsWith("auth/", StringComparison.Ordinal))
        {
            throw CofferError.BadRequest(source.IsAuth
                ? $"cannot remount auth mount to non-auth mount \"{to}\""
                : $"cannot remount non-auth mount to auth mount \"{to}\"");
        }
        if (Mounts.Entries.FirstOrDefault(e => e.NamespaceId == namespaceId && e != source &&
                (to.StartsWith(e.Path, StringComparison.Ordinal) || e.Path.StartsWith(to, StringComparison.Ordinal))) is { } existing)
        {
            throw CofferError.BadRequest($"existing mount at '{existing.Path}'");
        }
        var migration = MountMigrations.Start(from, to);
        _ = Task.Run(async () =>
        {
            try
            {
                await RemountAsync(source, to, CancellationToken.None);
                MountMigrations.Finish(migration, success: true);
            }
            catch (Exception)
            {
                MountMigrations.Finish(migration, success: false);
            }
        });
        return migration;
    }

    /// <summary>The move itself: leases and tokens of the old location go first, then the table entry moves.</summary>
    public async Task<MountEntry> RemountAsync(MountEntry source, string to, CancellationToken cancellationToken = default)
    {
        await RevokeLeasesOfMountAsync(source, cancellationToken);
        if (source.IsAuth)
        {
            await Tokens.RevokeByPathPrefixAsync(source.NamespaceId, source.Path, cancellationToken);
        }
        return await Mounts.MoveAsync(source.NamespaceId, source.Path, to, cancellationToken);
    }

    /// <summary>Leases issued under a mount name its path, so they are revoked before the mount moves or goes.</summary>
    private Task RevokeLeasesOfMountAsync(MountEntry mount, CancellationToken cancellationToken) =>
        Leases.RevokeByMountAsync(mount.Uuid, force: false, cancellationToken);

    public async Task<NamespaceEntry> CreateNamespaceAsync(NamespaceEntry parent, string name, IReadOnlyDictionary<string, string> metadata,
        CancellationToken cancellationToken = default)
    {
        var created = await Namespaces.CreateAsync(parent, name, metadata, cancellationToken);
        await EnsureBuiltinMountsAsync(created, cancellationToken);
        await Policies.EnsureDefaultsAsync(created.Id, cancellationToken);
        return created;
    }

    /// <summary>Removes a namespace with its tokens, every mount (and its data) and its policies.</summary>
    public async Task DeleteNamespaceAsync(NamespaceEntry entry, CancellationToken cancellationToken = default)
    {
        // Tokens first, while the namespace's cubbyhole is still mounted for the revocation to empty.
        await Tokens.RevokeNamespaceAsync(entry.Id, cancellationToken);
        foreach (var mount in Mounts.Entries.Where(m => m.NamespaceId == entry.Id).ToList())
        {
            await DisableMountAsync(entry.Id, mount.Path, cancellationToken);
        }
        await Policies.DeleteNamespaceAsync(entry.Id, cancellationToken);
        await Namespaces.DeleteAsync(entry, cancellationToken);
    }

    /// <summary>Every namespace has its own <c>sys/</c> and <c>cubbyhole/</c>; created when missing.</summary>
    private async Task EnsureBuiltinMountsAsync(NamespaceEntry ns, CancellationToken cancellationToken)
    {
        var builtins = new[]
        {
            MountTable.NewEntry("sys/", "system", "system endpoints used for control, policy and debugging", false, 0, 0,
                new Dictionary<string, string>(), ns.Id),
            MountTable.NewEntry("cubbyhole/", "cubbyhole", "per-token private secret storage", true, 0, 0,
                new Dictionary<string, string>(), ns.Id),
            MountTable.NewEntry("auth/token/", "token", "token based credentials", false, 0, 0,
                new Dictionary<string, string>(), ns.Id),
        };
        foreach (var builtin in builtins)
        {
            if (Mounts.Entries.All(m => m.NamespaceId != ns.Id || m.Path != builtin.Path))
            {
                await Mounts.AddAsync(builtin, cancellationToken);
                if (!IsSealed && Backends.Find(builtin.Uuid) is null && _gate.IsOpen)
                {
                    Backends.Add(builtin, Backends.Create(builtin));
                }
            }
        }
    }

    private async Task OpenAsync(byte[] rootKey, CancellationToken cancellationToken)
    {
        if (!await Barrier.UnsealAsync(rootKey, cancellationToken))
        {
            throw CofferError.BadRequest("Error unsealing: the key shares did not combine to the root key; start again");
        }
        try
        {
            Cluster = await ClusterIdentity.LoadOrCreateAsync(Barrier, Options.ClusterName, cancellationToken);
            await ClusterTls.LoadAsync(cancellationToken);
            await ReplicationRoles.LoadAsync(cancellationToken);
            var copyNote = ReplicationLog is null ? null : await ReplicationLog.GetAsync(Replication.Streaming.BootstrapCopyNote.Key, cancellationToken);
            if (await Barrier.GetAsync(Replication.Streaming.PendingBootstrap.StoragePath, cancellationToken) is { } pending)
            {
                ResumeBootstrap(Replication.Streaming.PendingBootstrap.Deserialize(pending));
            }
            else if (copyNote is not null && !ReplicationRoles.State.IsDrSecondaryMode)
            {
                AwaitReactivation(Replication.Streaming.BootstrapCopyNote.Deserialize(copyNote));
            }
            else if (ReplicationRoles.State.IsDrSecondaryMode)
            {
                if (copyNote is not null)
                {
                    // Stopped after the role was stored but before the note went: the note has done its work.
                    await ReplicationLog!.CommitAsync([StorageOperation.Delete(Replication.Streaming.BootstrapCopyNote.Key)], cancellationToken);
                }
                // A DR secondary holds its primary's data but must not act on it (no lease expiry, no upgrades):
                // nothing beyond the replication client starts until a promotion.
                await StartDrReplicatorAsync(cancellationToken);
            }
            else
            {
                await LoadActiveStateAsync(cancellationToken);
                if (ReplicationRoles.State.DrMode == Replication.Roles.ReplicationRoleState.Primary && ClusterTls.Authority is null)
                {
                    // An enable persisted its role but stopped before the CA existed: finish it (invariant 4).
                    await ClusterTls.EnableAsync(ClusterAddressHosts(), cancellationToken);
                }
            }
            ActiveSince = _clock.UtcNow;
            _gate.Open();
        }
        catch
        {
            await StopReplicationAsync();
            UnloadActiveState();
            ClusterTls.Unload();
            ReplicationRoles.Unload();
            Barrier.Seal();
            throw;
        }
    }

    /// <summary>What a serving cluster holds in memory and runs: tokens, mounts, engines, leases, audit.</summary>
    private async Task LoadActiveStateAsync(CancellationToken cancellationToken)
    {
        await Tokens.LoadAsync(cancellationToken);
        await Namespaces.LoadAsync(cancellationToken);
        await Mounts.LoadAsync(cancellationToken);
        await EnsureBuiltinMountsAsync(NamespaceEntry.Root, cancellationToken);
        await Policies.EnsureDefaultsAsync(NamespaceEntry.RootId, cancellationToken);
        Backends.Load(Mounts.Entries);
        KvUpgrades.ResumePending();
        await Leases.LoadAsync(cancellationToken);
        await Audit.LoadAsync(cancellationToken);
        await VersionHistory.RecordAsync(Barrier, CofferVersion.Version, _clock.UtcNow, cancellationToken);
        _activeGate.Open();
    }

    private void UnloadActiveState()
    {
        Leases.Unload();
        Backends.Clear();
        Audit.Close();
        Policies.InvalidateAll();
        Mounts.Unload();
        Namespaces.Unload();
        Tokens.Unload();
    }

    private static byte[] CombineShares(IReadOnlyList<byte[]> shares)
    {
        if (shares.Count == 1)
        {
            return (byte[])shares[0].Clone();
        }
        try
        {
            return Shamir.Combine(shares);
        }
        catch (ArgumentException)
        {
            throw CofferError.BadRequest("Error unsealing: the key shares are not from the same split; start again");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _gate.CloseAsync();
        await StopReplicationAsync();
        Leases.Unload();
        ClusterTls.Unload();
        ReplicationRoles.Unload();
        DrOperationTokens.Unload();
        RootGeneration.Unload();
        Barrier.Seal();
        await _physical.DisposeAsync();
    }
}
