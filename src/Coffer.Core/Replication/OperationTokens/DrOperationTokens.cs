using Coffer.Core.Barrier;
using Coffer.Core.Replication.Roles;
using Coffer.Core.Seal;

namespace Coffer.Core.Replication.OperationTokens;

/// <summary>
/// DR operation tokens of this cluster (spec/replication.md §4.2, §6.6): their generation from unseal key shares,
/// their deletion, and the check every DR-operation-gated endpoint (promote, update-primary, disable, …) makes on
/// its <c>dr_operation_token</c> field. Generation exists only on a DR secondary. Everything works from the
/// barrier alone, since a DR secondary's core loads no token store, policies or mounts.
/// </summary>
public sealed class DrOperationTokens : Seal.IRootGenerationFlow
{
    public const string NotDrSecondaryMessage = "this cluster is not a DR secondary";
    public const string MissingTokenMessage = "missing dr_operation_token";

    private readonly AesGcmBarrier _barrier;
    private readonly ReplicationRoles _roles;
    private readonly BatchDrTokenAuthorizer _batchTokens;

    public DrOperationTokens(AesGcmBarrier barrier, IClock clock, ReplicationRoles roles, Func<CancellationToken, Task<SealConfig?>> readSealConfig)
    {
        _barrier = barrier;
        _roles = roles;
        _batchTokens = new BatchDrTokenAuthorizer(barrier, clock);
        Generation = new RootGeneration(barrier, readSealConfig, new DrOperationTokenIssuer(barrier, clock));
    }

    /// <summary>The generate-operation-token attempt; callers check <see cref="RequireDrSecondary"/> first.</summary>
    internal RootGeneration Generation { get; }

    public Task<RootGenerationStatus> StatusAsync(CancellationToken cancellationToken = default)
    {
        RequireDrSecondary();
        return Generation.StatusAsync(cancellationToken);
    }

    public Task<RootGenerationStatus> StartAsync(string? otp, string? pgpKey, CancellationToken cancellationToken = default)
    {
        RequireDrSecondary();
        return Generation.StartAsync(otp, pgpKey, cancellationToken);
    }

    public Task<RootGenerationStatus> UpdateAsync(string? key, string? nonce, CancellationToken cancellationToken = default)
    {
        RequireDrSecondary();
        return Generation.UpdateAsync(key, nonce, cancellationToken);
    }

    public Task CancelAsync(CancellationToken cancellationToken = default)
    {
        RequireDrSecondary();
        return Generation.CancelAsync(cancellationToken);
    }

    /// <summary>
    /// Authorizes a DR operation on <paramref name="path"/> (a full logical path such as
    /// <c>sys/replication/dr/secondary/promote</c>). Accepts the stored DR operation token, or an orphan batch token
    /// of the root namespace, unexpired, whose policies grant <c>update</c> on the path.
    /// </summary>
    /// <exception cref="CofferError">400 <c>missing dr_operation_token</c> when empty; 403 permission denied otherwise.</exception>
    public Task VerifyAsync(string? token, string path, CancellationToken cancellationToken = default) =>
        VerifyAsync(token, path, null, cancellationToken);

    /// <inheritdoc cref="VerifyAsync(string?, string, CancellationToken)"/>
    /// <param name="remoteAddress">The caller's address, checked against a batch token's bound CIDRs (none: such tokens fail).</param>
    public async Task VerifyAsync(string? token, string path, string? remoteAddress, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (string.IsNullOrWhiteSpace(token))
        {
            throw CofferError.BadRequest(MissingTokenMessage);
        }
        if (_barrier.IsSealed)
        {
            throw CofferError.Sealed();
        }
        token = token.Trim();
        if (await MatchesStoredAsync(token, cancellationToken) ||
            await _batchTokens.GrantsAsync(token, path.TrimStart('/'), remoteAddress, cancellationToken))
        {
            return;
        }
        throw CofferError.PermissionDenied();
    }

    /// <summary>
    /// <c>operation-token/delete</c>: revokes the stored DR operation token, authorized by <paramref name="token"/>
    /// (the operation token itself, or a batch token granting update on the delete path).
    /// </summary>
    public async Task DeleteAsync(string? token, string? remoteAddress = null, CancellationToken cancellationToken = default)
    {
        RequireDrSecondary();
        await VerifyAsync(token, "sys/replication/dr/secondary/operation-token/delete", remoteAddress, cancellationToken);
        await ForgetAsync(cancellationToken);
    }

    /// <summary>Drops the stored DR operation token without a check; for role changes (e.g. promotion) that end its purpose.</summary>
    public Task ForgetAsync(CancellationToken cancellationToken = default) =>
        _barrier.DeleteAsync(DrOperationTokenRecord.StoragePath, cancellationToken);

    /// <summary>At seal: forgets any generation attempt in progress.</summary>
    public void Unload() => Generation.Unload();

    /// <exception cref="CofferError">400 when this cluster is not a DR secondary.</exception>
    public void RequireDrSecondary()
    {
        if (_barrier.IsSealed)
        {
            throw CofferError.Sealed();
        }
        if (_roles.State.DrMode != ReplicationRoleState.Secondary)
        {
            throw CofferError.BadRequest(NotDrSecondaryMessage);
        }
    }

    private async Task<bool> MatchesStoredAsync(string token, CancellationToken cancellationToken)
    {
        var stored = await _barrier.GetAsync(DrOperationTokenRecord.StoragePath, cancellationToken);
        return stored is not null && DrOperationTokenRecord.Deserialize(stored).Matches(token);
    }
}
