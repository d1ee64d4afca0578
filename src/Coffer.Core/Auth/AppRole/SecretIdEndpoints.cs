using Coffer.Core.Json;
using Coffer.Core.Routing;

namespace Coffer.Core.Auth.AppRole;

/// <summary>
/// Operator endpoints over a role's issued secret ids: list their accessors, and look up or destroy one by the
/// secret id itself or by its accessor.
/// </summary>
internal sealed class SecretIdEndpoints(AppRoleStore store, StripedAsyncLock secretLocks, IClock clock)
{
    public async Task<Response?> ListAccessorsAsync(RoleEntry role, CancellationToken cancellationToken)
    {
        var folder = AppRoleStore.SecretFolder(role);
        var accessors = new List<string>();
        foreach (var key in await store.Storage.ListAsync(folder, cancellationToken))
        {
            if (StoredJson.Deserialize<SecretIdEntry>(await store.Storage.GetAsync(folder + key, cancellationToken)) is { } entry)
            {
                accessors.Add(entry.Accessor);
            }
        }
        return Response.ListOf(accessors);
    }

    public async Task<Response?> LookupBySecretIdAsync(RoleEntry role, Request request, CancellationToken cancellationToken)
    {
        var hmac = await store.HmacAsync(RequireField(request, "secret_id"), cancellationToken);
        var entry = await store.GetSecretAsync(role, hmac, cancellationToken);
        return entry is null || entry.IsExpired(clock.UtcNow) ? null : Response.WithData(entry.ToLookupData());
    }

    public async Task<Response?> DestroyBySecretIdAsync(RoleEntry role, Request request, CancellationToken cancellationToken)
    {
        var hmac = await store.HmacAsync(RequireField(request, "secret_id"), cancellationToken);
        await DestroyAsync(role, hmac, cancellationToken);
        return null;
    }

    public async Task<Response?> LookupByAccessorAsync(RoleEntry role, Request request, CancellationToken cancellationToken)
    {
        var (hmac, _) = await ResolveAccessorAsync(role, request, cancellationToken);
        var entry = await store.GetSecretAsync(role, hmac, cancellationToken);
        return entry is null || entry.IsExpired(clock.UtcNow) ? null : Response.WithData(entry.ToLookupData());
    }

    public async Task<Response?> DestroyByAccessorAsync(RoleEntry role, Request request, CancellationToken cancellationToken)
    {
        var (hmac, accessor) = await ResolveAccessorAsync(role, request, cancellationToken);
        if (!await DestroyAsync(role, hmac, cancellationToken))
        {
            // The secret id is gone but its index entry was left behind: drop that too.
            await store.Storage.CommitAsync([Barrier.SecureOperation.Delete(await store.AccessorKeyAsync(role, accessor, cancellationToken))], cancellationToken);
        }
        return null;
    }

    private async Task<bool> DestroyAsync(RoleEntry role, string hmac, CancellationToken cancellationToken)
    {
        using var held = await secretLocks.AcquireAsync(hmac, cancellationToken);
        var entry = await store.GetSecretAsync(role, hmac, cancellationToken);
        if (entry is null)
        {
            return false;
        }
        await store.Storage.CommitAsync(await store.DeleteSecretOperationsAsync(role, hmac, entry, cancellationToken), cancellationToken);
        return true;
    }

    /// <summary>The secret id HMAC an accessor of this role points to; 404 when there is none (as Vault since 1.9).</summary>
    private async Task<(string Hmac, string Accessor)> ResolveAccessorAsync(RoleEntry role, Request request, CancellationToken cancellationToken)
    {
        var accessor = RequireField(request, "secret_id_accessor");
        var index = await store.GetAccessorAsync(role, accessor, cancellationToken);
        if (index is null || index.RoleStorageId != role.StorageId)
        {
            throw CofferError.NotFound($"failed to find accessor entry for secret_id_accessor: \"{accessor}\"");
        }
        return (index.SecretIdHmac, accessor);
    }

    private static string RequireField(Request request, string name)
    {
        var value = LenientFields.GetString(request.Data, name);
        return string.IsNullOrEmpty(value) ? throw CofferError.BadRequest($"missing {name}") : value;
    }
}
