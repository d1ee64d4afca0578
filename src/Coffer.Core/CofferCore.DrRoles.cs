using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Coffer.Core.Access.Namespaces;
using Coffer.Core.Barrier;
using Coffer.Core.Replication.Roles;
using Coffer.Core.Replication.Streaming;
using Coffer.Core.Routing;

namespace Coffer.Core;

/// <summary>
/// The core's DR role changes (spec/replication.md §4.1, §4.2, §6.7). A DR secondary is passive: only the barrier,
/// its replication state and the replication client are live, and requests reach the replication endpoints only.
/// Promotion loads what a serving cluster holds (tokens, mounts, leases — the lease manager takes over expiry);
/// demotion unloads it again. Each role is persisted before the node acts on it (DESIGN.md §4.1, invariant 4).
/// </summary>
public sealed partial class CofferCore
{
    private readonly SemaphoreSlim _roleLock = new(1, 1);
    private WalShipper? _drShipper;
    private DrSecondaryReplicator? _drReplicator;
    private Engines.System.SystemBackend? _passiveSystem;
    private CancellationTokenSource? _bootstrapRetries;
    private PendingBootstrap? _pendingBootstrap;

    // While bootstrapping: the replication CA of the primary being copied from, the only one whose activation token
    // may restart the bootstrap.
    private string? _bootstrapCaPin;
    private ECDiffieHellman? _activationKeyPair;
    private readonly Lock _activationKeyLock = new();
    private Task? _bootstrapRetry;

    /// <summary>How this node reaches primaries when it is a secondary; null when the host offers no cluster transport.</summary>
    public IReplicationTransport? ReplicationTransport { get; init; }

    public Replication.ReplicationCounters ReplicationCounters { get; } = new();

    /// <summary>Serves this cluster's secondaries while it is a DR primary; null without a replication log.</summary>
    public WalShipper? DrShipper => ReplicationLog is null ? null : _drShipper ??= new WalShipper(this, ReplicationLog);

    /// <summary>The replication client while this cluster is a DR secondary with a primary; else null.</summary>
    public DrSecondaryReplicator? DrReplicator => Volatile.Read(ref _drReplicator);


    /// <summary>
    /// A DR secondary's requests (the gate let only status and DR-operation paths of the root namespace through):
    /// straight to the system endpoints, without mounts or a token lookup.
    /// </summary>
    private Task<Response?> HandlePassiveAsync(Request request, CancellationToken cancellationToken)
    {
        var path = request.Path.Trim('/');
        request.Path = path;
        request.NamespaceId = NamespaceEntry.RootId;
        request.MountRelativePath = path.StartsWith("sys/", StringComparison.Ordinal) ? path["sys/".Length..] : path;
        _passiveSystem ??= new Engines.System.SystemBackend(this);
        return _passiveSystem.HandleAsync(request, cancellationToken);
    }

    /// <summary>
    /// The activation token a primary hands out is a signed JWT naming its wrapping token (spec §7.1), so the
    /// secondary can learn the primary's address from it; unwrapping with it means unwrapping that wrapping token.
    /// </summary>
    [return: System.Diagnostics.CodeAnalysis.NotNullIfNotNull(nameof(clientToken))]
    internal string? ResolveActivationToken(string? clientToken)
    {
        if (clientToken is null || !clientToken.StartsWith("eyJ", StringComparison.Ordinal) ||
            ReplicationRoles.State.DrSigningKey is not { } key)
        {
            return clientToken;
        }
        var claims = ActivationToken.Verify(clientToken, key, _clock.UtcNow);
        return claims?["type"]?.GetValue<string>() == "wrapping" && claims["jti"]?.GetValue<string>() is { } wrapped ? wrapped : clientToken;
    }

    /// <summary>
    /// Makes this cluster a DR secondary of the primary that issued <paramref name="bundle"/> (spec §4.2 enable):
    /// stops serving, replaces all data with the primary's, then streams. Runs inside the enable request.
    /// </summary>
    public async Task ActivateDrSecondaryAsync(JsonObject bundle, string? primaryApiAddress, CancellationToken cancellationToken)
    {
        var (link, activationToken, drClusterId) = UpstreamLink.FromBundle(bundle, primaryApiAddress);
        var log = ReplicationLog ?? throw CofferError.BadRequest("replication is not available: this server's storage has no replication log");
        var transport = ReplicationTransport ?? throw CofferError.BadRequest("replication is not available: this server has no cluster transport");
        await _roleLock.WaitAsync(cancellationToken);
        try
        {
            // A bootstrap that broke after the wipe began leaves nothing to protect: a new activation token may restart it.
            if (ReplicationRoles.State.DrMode != ReplicationRoleState.Disabled && !IsBootstrapPending)
            {
                throw CofferError.BadRequest("DR replication is already enabled on this cluster; disable it first");
            }
            // A broken bootstrap leaves no token store to check the caller against; only the primary it was copying
            // from (the replication CA that primary's cluster port must prove it holds) may restart it.
            if (IsBootstrapPending && _bootstrapCaPin is { } pin && pin != link.CaCertificatePem)
            {
                throw CofferError.BadRequest("this cluster is bootstrapping from another primary; only an activation token of that primary can restart it");
            }
            await CancelBootstrapRetriesAsync();
            var upstream = transport.Connect(link);
            SecondaryBootstrap.Session session;
            try
            {
                session = await SecondaryBootstrap.BeginAsync(upstream, activationToken, cancellationToken);
            }
            catch (Exception e)
            {
                await upstream.DisposeAsync();
                throw e as CofferError ??
                      CofferError.BadRequest($"cannot reach the primary's cluster port at {link.PrimaryClusterAddress}: {e.GetBaseException().Message}");
            }
            var pending = new PendingBootstrap(link, activationToken, drClusterId);
            try
            {
                await Barrier.PutAsync(PendingBootstrap.StoragePath, pending.Serialize(), cancellationToken);
                _pendingBootstrap = pending;
                _bootstrapCaPin = link.CaCertificatePem;
            }
            catch
            {
                await session.DisposeAsync();
                await upstream.DisposeAsync();
                throw;
            }
            await LeaveActiveAsync();
            ReplicationRoles.BeginBootstrap(drClusterId);
            try
            {
                await CompleteBootstrapAsync(session, upstream, link, drClusterId, log, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                await upstream.DisposeAsync();
                // The wipe has begun, so there is no way back: keep trying while the activation token is valid.
                StartBootstrapRetries(pending);
                throw new CofferError(System.Net.HttpStatusCode.InternalServerError,
                    $"bootstrapping from the primary was interrupted ({e.GetBaseException().Message}); this cluster's previous data is gone and it " +
                    "keeps retrying until the activation token expires (watch sys/replication/dr/status; a new activation token restarts it)");
            }
        }
        finally
        {
            _roleLock.Release();
        }
    }

    /// <summary>
    /// At unseal: this cluster was stopped while a bootstrap replaced its storage. Its data is neither its own nor
    /// the primary's, so it serves nothing and finishes the bootstrap (while the activation token is valid; a new
    /// token restarts it as after any broken bootstrap).
    /// </summary>
    private void ResumeBootstrap(PendingBootstrap pending)
    {
        _pendingBootstrap = pending;
        _bootstrapCaPin = pending.Link.CaCertificatePem;
        ReplicationRoles.BeginBootstrap(pending.DrClusterId);
        if (ReplicationLog is not null && ReplicationTransport is not null)
        {
            StartBootstrapRetries(pending);
        }
    }

    /// <summary>
    /// At unseal: a bootstrap's copy completed but this cluster stopped before its link to the primary was stored
    /// (<see cref="BootstrapCopyNote"/>). It holds the primary's data and nothing to stream with: it serves nothing
    /// and waits for a new activation token of the same primary.
    /// </summary>
    private void AwaitReactivation(BootstrapCopyNote note)
    {
        _pendingBootstrap = null;
        _bootstrapCaPin = note.CaCertificatePem;
        ReplicationRoles.BeginBootstrap(note.DrClusterId);
    }

    private void StartBootstrapRetries(PendingBootstrap pending)
    {
        var retries = new CancellationTokenSource();
        _bootstrapRetries = retries;
        _bootstrapRetry = Task.Run(() => RetryBootstrapAsync(pending.Link, pending.ActivationToken, pending.DrClusterId, ReplicationLog!,
            ReplicationTransport!, retries.Token));
    }

    /// <summary>
    /// <c>sys/replication/recover</c>: restarts this cluster's replication connections, for a link that an error
    /// left stuck. A secondary drops its client and dials again at once (backoff reset), resuming from
    /// <c>last_remote_wal</c> or by merkle diff; a bootstrapping cluster retries its bootstrap now; a primary ends
    /// every stream so each secondary reconnects. Returns what was done, for the response's warning.
    /// </summary>
    public async Task<string> RecoverReplicationAsync(CancellationToken cancellationToken)
    {
        await _roleLock.WaitAsync(cancellationToken);
        try
        {
            if (IsBootstrapPending && _pendingBootstrap is { } pending && ReplicationLog is not null && ReplicationTransport is not null)
            {
                await CancelBootstrapRetriesAsync();
                StartBootstrapRetries(pending);
                return "the interrupted bootstrap is being retried now";
            }
            switch (ReplicationRoles.State.DrMode)
            {
                case ReplicationRoleState.Secondary:
                    if (Interlocked.Exchange(ref _drReplicator, null) is { } replicator)
                    {
                        await replicator.DisposeAsync();
                    }
                    await StartDrReplicatorAsync(cancellationToken);
                    return DrReplicator is null
                        ? "this secondary has no primary to connect to (set one with update-primary)"
                        : "the replication client restarted and is connecting to the primary";
                case ReplicationRoleState.Primary:
                    _drShipper?.Secondaries.CutAll();
                    return "every secondary stream was ended; the secondaries reconnect and resume";
                default:
                    throw CofferError.BadRequest("replication is not enabled on this cluster");
            }
        }
        finally
        {
            _roleLock.Release();
        }
    }

    /// <summary>
    /// <c>dr/secondary/generate-public-key</c>: a new key pair for an encrypted activation, replacing any earlier one.
    /// The private half lives in memory only: a restart forgets it, and a token sealed to it needs a new pair.
    /// </summary>
    public string GenerateActivationKeyPair()
    {
        var keyPair = EncryptedActivation.NewKeyPair();
        lock (_activationKeyLock)
        {
            _activationKeyPair?.Dispose();
            _activationKeyPair = keyPair;
            return EncryptedActivation.PublicKeyOf(keyPair);
        }
    }

    /// <summary>The activation bundle sealed in <paramref name="token"/> to this cluster's key pair.</summary>
    /// <exception cref="CofferError">400 when there is no key pair or the token was not sealed to it.</exception>
    public JsonObject OpenEncryptedActivation(string token)
    {
        lock (_activationKeyLock)
        {
            if (_activationKeyPair is null)
            {
                throw CofferError.BadRequest("this cluster holds no key pair for an encrypted activation token: run generate-public-key here, " +
                                             "then mint the token with that secondary_public_key");
            }
            return EncryptedActivation.Open(token, _activationKeyPair)
                   ?? throw CofferError.BadRequest("the activation token was not encrypted to this cluster's current public key, or is damaged");
        }
    }

    /// <summary>True while a bootstrap that broke after the wipe began is being retried or has given up.</summary>
    private bool IsBootstrapPending => ReplicationRoles.State.DrMode == ReplicationRoleState.Bootstrapping;

    /// <summary>Applies the snapshot of an open bootstrap, then makes this cluster the secondary that streams from the primary.</summary>
    private async Task CompleteBootstrapAsync(SecondaryBootstrap.Session session, IReplicationUpstream upstream, UpstreamLink link, string drClusterId,
        Replication.Wal.ReplicationLog log, CancellationToken cancellationToken)
    {
        BootstrapResult result;
        await using (session)
        {
            result = await session.ApplyAsync(log, Barrier, new BootstrapCopyNote(drClusterId, link.CaCertificatePem), cancellationToken);
        }
        // Everything Local went with the old keyring: this cluster's identity and TLS material start afresh.
        ClusterTls.Unload();
        Cluster = await ClusterIdentity.LoadOrCreateAsync(Barrier, Options.ClusterName, CancellationToken.None);
        link = link with { HistoryId = result.HistoryId };
        await PersistUpstreamLinkAsync(link);
        await ReplicationRoles.BecomeDrSecondaryAsync(drClusterId, CancellationToken.None);
        await log.CommitAsync([Storage.StorageOperation.Delete(BootstrapCopyNote.Key)], CancellationToken.None);
        _pendingBootstrap = null;
        _bootstrapCaPin = null;
        StartDrReplicator(upstream, link);
    }

    private async Task RetryBootstrapAsync(UpstreamLink link, string activationToken, string drClusterId, Replication.Wal.ReplicationLog log,
        IReplicationTransport transport, CancellationToken stop)
    {
        var delay = DrSecondaryReplicator.MinBackoff;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(delay, stop);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, DrSecondaryReplicator.MaxBackoff.Ticks));
                await _roleLock.WaitAsync(stop);
                try
                {
                    var upstream = transport.Connect(link);
                    try
                    {
                        var session = await SecondaryBootstrap.BeginAsync(upstream, activationToken, stop);
                        await CompleteBootstrapAsync(session, upstream, link, drClusterId, log, stop);
                        return;
                    }
                    catch
                    {
                        await upstream.DisposeAsync();
                        throw;
                    }
                }
                finally
                {
                    _roleLock.Release();
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (CofferError error) when (error.Status == System.Net.HttpStatusCode.Forbidden || error.Errors.Any(e => e.Contains(" 403 ")))
            {
                // The primary refuses the token (expired or revoked): only a new activation token can help now.
                return;
            }
            catch (Exception)
            {
                // Unreachable or interrupted again: try again after the backoff.
            }
        }
    }

    private async Task CancelBootstrapRetriesAsync()
    {
        if (Interlocked.Exchange(ref _bootstrapRetries, null) is { } retries)
        {
            await retries.CancelAsync();
            if (_bootstrapRetry is { } running)
            {
                await running;
            }
            retries.Dispose();
        }
    }

    /// <summary>DR secondary to DR primary (spec §4.2 promote); <paramref name="force"/> promotes even in the middle of a merkle sync.</summary>
    public async Task PromoteDrSecondaryAsync(string primaryClusterAddr, bool force, CancellationToken cancellationToken)
    {
        await _roleLock.WaitAsync(cancellationToken);
        try
        {
            if (ReplicationRoles.State.DrMode != ReplicationRoleState.Secondary)
            {
                throw CofferError.BadRequest("this cluster is not a DR secondary");
            }
            if (!force && DrReplicator?.State is ReplicationStates.MerkleSync)
            {
                throw CofferError.BadRequest("the secondary is in the middle of a merkle sync and may be inconsistent; wait, or promote with force=true");
            }
            await StopReplicationAsync();
            await ReopenKeyringAsync(cancellationToken);
            await ReplicationRoles.PromoteDrSecondaryAsync(primaryClusterAddr, cancellationToken);
            await ForgetSecondaryStateAsync(cancellationToken);
            await LoadActiveStateAsync(cancellationToken);
            await ClusterTls.EnableAsync(ClusterAddressHosts(), cancellationToken);
        }
        finally
        {
            _roleLock.Release();
        }
    }

    /// <summary>DR primary to DR secondary with no upstream (spec §4.1 demote): secondaries are cut off, the active state unloaded.</summary>
    public async Task DemoteDrPrimaryAsync(CancellationToken cancellationToken)
    {
        await _roleLock.WaitAsync(cancellationToken);
        try
        {
            await ReplicationRoles.DemoteDrPrimaryAsync(cancellationToken);
            DrShipper?.Secondaries.CutAll();
            await LeaveActiveAsync();
            RootGeneration.Unload();
        }
        finally
        {
            _roleLock.Release();
        }
    }

    /// <summary>
    /// Re-points this DR secondary (spec §4.2 update-primary): a new bundle (no wipe; the first stream starts with
    /// a merkle diff, since positions of another primary mean nothing here), other cluster addresses of the same
    /// primary, or neither (forget the primary and stop dialling it).
    /// </summary>
    public async Task UpdateDrPrimaryAsync(JsonObject? bundle, string? primaryApiAddress, IReadOnlyList<string>? clusterAddresses,
        CancellationToken cancellationToken)
    {
        await _roleLock.WaitAsync(cancellationToken);
        try
        {
            var state = ReplicationRoles.State;
            if (state.DrMode != ReplicationRoleState.Secondary)
            {
                throw CofferError.BadRequest("this cluster is not a DR secondary");
            }
            UpstreamLink? link;
            if (bundle is not null)
            {
                var (fresh, _, drClusterId) = UpstreamLink.FromBundle(bundle, primaryApiAddress);
                if (drClusterId != state.DrClusterId)
                {
                    throw CofferError.BadRequest("the activation token belongs to another DR replication set; disable this secondary and enable it with the token instead");
                }
                link = fresh;
            }
            else if (clusterAddresses is { Count: > 0 })
            {
                var current = await LoadUpstreamLinkAsync(cancellationToken)
                              ?? throw CofferError.BadRequest("this secondary has no primary to re-address (a demoted primary needs an activation token)");
                link = current with { PrimaryClusterAddress = clusterAddresses[0], KnownPrimaryClusterAddresses = clusterAddresses };
            }
            else
            {
                link = null;
            }
            await StopReplicationAsync();
            if (link is null)
            {
                await Barrier.DeleteAsync(UpstreamLink.StoragePath, cancellationToken);
                return;
            }
            await PersistUpstreamLinkAsync(link);
            if (ReplicationTransport is { } transport)
            {
                StartDrReplicator(transport.Connect(link), link);
            }
        }
        finally
        {
            _roleLock.Release();
        }
    }

    /// <summary>Ends DR on this secondary (spec §4.2 disable): it keeps the data and serves it as a cluster of its own.</summary>
    public async Task DisableDrSecondaryAsync(CancellationToken cancellationToken)
    {
        await _roleLock.WaitAsync(cancellationToken);
        try
        {
            await StopReplicationAsync();
            await ReopenKeyringAsync(cancellationToken);
            await ReplicationRoles.DisableDrSecondaryAsync(cancellationToken);
            await ForgetSecondaryStateAsync(cancellationToken);
            await LoadActiveStateAsync(cancellationToken);
        }
        finally
        {
            _roleLock.Release();
        }
    }

    /// <summary>What only a secondary has: the link to its primary, and DR operation tokens (they must not outlive the role).</summary>
    private async Task ForgetSecondaryStateAsync(CancellationToken cancellationToken)
    {
        await Barrier.DeleteAsync(UpstreamLink.StoragePath, cancellationToken);
        await DrOperationTokens.ForgetAsync(cancellationToken);
        DrOperationTokens.Unload();
    }

    /// <summary>Stops serving: waits for other requests using the active state (not the one calling), then unloads it.</summary>
    private async Task LeaveActiveAsync()
    {
        await _activeGate.CloseAsync(_insideActiveRequest.Value ? 1 : 0);
        UnloadActiveState();
    }

    /// <summary>The primary may have rotated the keyring since the bootstrap; the stream brought the new one to storage.</summary>
    private async Task ReopenKeyringAsync(CancellationToken cancellationToken)
    {
        var rootKey = Barrier.ExportRootKey();
        try
        {
            if (!await Barrier.UnsealAsync(rootKey, cancellationToken))
            {
                throw new InvalidOperationException("the replicated keyring does not open with this cluster's root key");
            }
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(rootKey);
        }
    }

    private async Task StartDrReplicatorAsync(CancellationToken cancellationToken)
    {
        if (ReplicationTransport is { } transport && await LoadUpstreamLinkAsync(cancellationToken) is { } link)
        {
            StartDrReplicator(transport.Connect(link), link);
        }
    }

    private void StartDrReplicator(IReplicationUpstream upstream, UpstreamLink link)
    {
        var replicator = new DrSecondaryReplicator(ReplicationLog!, upstream, link, _clock, ReplicationCounters, PersistUpstreamLinkAsync,
            Options.ApiAddress ?? "", Options.ClusterAddress ?? "");
        Volatile.Write(ref _drReplicator, replicator);
        replicator.Start();
    }

    private async Task StopReplicationAsync()
    {
        await CancelBootstrapRetriesAsync();
        _drShipper?.Secondaries.CutAll();
        if (Interlocked.Exchange(ref _drReplicator, null) is { } replicator)
        {
            await replicator.DisposeAsync();
        }
    }

    private async Task<UpstreamLink?> LoadUpstreamLinkAsync(CancellationToken cancellationToken) =>
        await Barrier.GetAsync(UpstreamLink.StoragePath, cancellationToken) is { } stored ? UpstreamLink.Deserialize(stored) : null;

    private Task PersistUpstreamLinkAsync(UpstreamLink link) => Barrier.PutAsync(UpstreamLink.StoragePath, link.Serialize(), CancellationToken.None);
}
