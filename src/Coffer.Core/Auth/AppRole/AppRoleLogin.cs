using Coffer.Core.Json;
using Coffer.Core.Routing;

namespace Coffer.Core.Auth.AppRole;

/// <summary>
/// <c>auth/approle/login</c>. The hot path of the method: three storage reads (role-id index, role, secret id) and a
/// write only when the secret id has a use limit. Use counting happens under a per-secret-id lock with a re-read, so
/// concurrent logins can never take more uses than were issued.
/// </summary>
internal sealed class AppRoleLogin(AppRoleStore store, StripedAsyncLock secretLocks, IClock clock)
{
    private const string InvalidCredentials = "invalid role or secret ID";

    public async Task<Response> LoginAsync(Request request, CancellationToken cancellationToken)
    {
        var roleId = LenientFields.GetString(request.Data, "role_id");
        if (string.IsNullOrEmpty(roleId))
        {
            throw CofferError.BadRequest("missing role_id");
        }
        var roleName = await store.RoleNameForRoleIdAsync(roleId, cancellationToken);
        var role = roleName is null ? null : await store.GetRoleAsync(roleName, cancellationToken);
        if (role is null || role.RoleId != roleId)
        {
            throw CofferError.BadRequest(InvalidCredentials);
        }
        if (!CidrList.Allows(role.SecretIdBoundCidrs, request.RemoteAddress))
        {
            throw CofferError.BadRequest($"source address \"{request.RemoteAddress}\" unauthorized by CIDR restrictions on the role");
        }

        var metadata = new Dictionary<string, string>();
        var tokenCidrs = role.Token.BoundCidrs;
        if (role.BindSecretId)
        {
            var secret = await CheckSecretIdAsync(role, request, cancellationToken);
            foreach (var (key, value) in secret.Metadata)
            {
                metadata[key] = value;
            }
            if (secret.TokenBoundCidrs.Count > 0)
            {
                tokenCidrs = secret.TokenBoundCidrs;
            }
        }
        else if (!CidrList.Allows(tokenCidrs, request.RemoteAddress))
        {
            throw CofferError.PermissionDenied();
        }
        metadata["role_name"] = role.Name;
        return new Response
        {
            Login = role.Token.ToLoginAuth() with
            {
                BoundCidrs = tokenCidrs.ToList(),
                Metadata = metadata,
                // Empty: the token is named after the mount alone (approle), as in Vault.
                DisplayName = "",
                AliasName = role.RoleId,
            },
        };
    }

    /// <summary>Validates the presented secret id and takes one of its uses; returns its entry as it was.</summary>
    private async Task<SecretIdEntry> CheckSecretIdAsync(RoleEntry role, Request request, CancellationToken cancellationToken)
    {
        var secretId = LenientFields.GetString(request.Data, "secret_id");
        if (string.IsNullOrEmpty(secretId))
        {
            throw CofferError.BadRequest("missing secret_id");
        }
        var hmac = await store.HmacAsync(secretId, cancellationToken);
        var entry = await store.GetSecretAsync(role, hmac, cancellationToken) ?? throw CofferError.BadRequest(InvalidCredentials);
        if (entry.IsExpired(clock.UtcNow))
        {
            await TakeUseAsync(role, hmac, cancellationToken);
            throw CofferError.BadRequest(InvalidCredentials);
        }
        // Address checks come before a use is taken: a caller on the wrong network must not burn the secret id.
        if (!CidrList.Allows(entry.CidrList, request.RemoteAddress))
        {
            throw CofferError.BadRequest($"source address \"{request.RemoteAddress}\" unauthorized through CIDR restrictions on the secret ID");
        }
        var tokenCidrs = entry.TokenBoundCidrs.Count > 0 ? entry.TokenBoundCidrs : role.Token.BoundCidrs;
        if (!CidrList.Allows(tokenCidrs, request.RemoteAddress))
        {
            throw CofferError.PermissionDenied();
        }
        if (entry.NumUses > 0 && !await TakeUseAsync(role, hmac, cancellationToken))
        {
            throw CofferError.BadRequest(InvalidCredentials);
        }
        return entry;
    }

    /// <summary>
    /// Under the secret id's lock: re-reads the entry, deletes it if expired or on its last use, otherwise counts
    /// one use down. False when there was nothing left to take.
    /// </summary>
    private async Task<bool> TakeUseAsync(RoleEntry role, string hmac, CancellationToken cancellationToken)
    {
        using var held = await secretLocks.AcquireAsync(hmac, cancellationToken);
        var current = await store.GetSecretAsync(role, hmac, cancellationToken);
        if (current is null)
        {
            return false;
        }
        var now = clock.UtcNow;
        if (current.IsExpired(now))
        {
            await store.Storage.CommitAsync(await store.DeleteSecretOperationsAsync(role, hmac, current, cancellationToken), cancellationToken);
            return false;
        }
        if (current.NumUses == 0)
        {
            return true;
        }
        if (current.NumUses == 1)
        {
            await store.Storage.CommitAsync(await store.DeleteSecretOperationsAsync(role, hmac, current, cancellationToken), cancellationToken);
            return true;
        }
        current.NumUses--;
        current.LastUpdatedTime = now;
        await store.Storage.CommitAsync([Barrier.SecureOperation.Put(AppRoleStore.SecretKey(role, hmac), StoredJson.Serialize(current))], cancellationToken);
        return true;
    }
}
