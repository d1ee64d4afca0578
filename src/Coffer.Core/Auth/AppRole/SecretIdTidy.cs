using Coffer.Core.Barrier;

namespace Coffer.Core.Auth.AppRole;

/// <summary>
/// <c>tidy/secret-id</c>: removes secret ids that expired (logins delete the ones they meet, the rest stay until
/// here), secret ids whose role is gone, and accessor index entries that point nowhere.
/// </summary>
internal sealed class SecretIdTidy(AppRoleStore store, StripedAsyncLock secretLocks, IClock clock)
{
    private int _running;

    public sealed record Result(int SecretIdsRemoved, int AccessorsRemoved);

    public async Task<Result> RunAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _running, 1) == 1)
        {
            throw CofferError.BadRequest("tidy operation already in progress");
        }
        try
        {
            var roles = await LoadRolesAsync(cancellationToken);
            var secrets = await TidySecretIdsAsync(AppRoleStore.SecretIdPrefix, false, roles, cancellationToken)
                          + await TidySecretIdsAsync(AppRoleStore.LocalSecretIdPrefix, true, roles, cancellationToken);
            var accessors = await TidyAccessorsAsync(false, cancellationToken)
                            + await TidyAccessorsAsync(true, cancellationToken);
            return new Result(secrets, accessors);
        }
        finally
        {
            Volatile.Write(ref _running, 0);
        }
    }

    private async Task<Dictionary<string, RoleEntry>> LoadRolesAsync(CancellationToken cancellationToken)
    {
        var roles = new Dictionary<string, RoleEntry>(StringComparer.Ordinal);
        foreach (var name in await store.ListRolesAsync(cancellationToken))
        {
            if (await store.GetRoleAsync(name, cancellationToken) is { } role)
            {
                roles[role.StorageId] = role;
            }
        }
        return roles;
    }

    private async Task<int> TidySecretIdsAsync(string prefix, bool local, Dictionary<string, RoleEntry> roles, CancellationToken cancellationToken)
    {
        var removed = 0;
        foreach (var folder in await store.Storage.ListAsync(prefix, cancellationToken))
        {
            var storageId = folder.TrimEnd('/');
            if (!roles.ContainsKey(storageId))
            {
                // A role created after the first snapshot wrote its role entry before this folder existed, so a
                // fresh snapshot taken after listing the folder tells a new role from a deleted one.
                foreach (var (id, fresh) in await LoadRolesAsync(cancellationToken))
                {
                    roles[id] = fresh;
                }
            }
            var orphaned = !roles.TryGetValue(storageId, out var role);
            // An orphaned folder is addressed through a stand-in role with the same storage id.
            role ??= new RoleEntry { StorageId = storageId, LocalSecretIds = local };
            foreach (var hmac in await store.Storage.ListAsync(prefix + folder, cancellationToken))
            {
                using var held = await secretLocks.AcquireAsync(hmac, cancellationToken);
                var entry = await store.GetSecretAsync(role, hmac, cancellationToken);
                if (entry is null || (!orphaned && !entry.IsExpired(clock.UtcNow)))
                {
                    continue;
                }
                await store.Storage.CommitAsync(await store.DeleteSecretOperationsAsync(role, hmac, entry, cancellationToken), cancellationToken);
                removed++;
            }
        }
        return removed;
    }

    private async Task<int> TidyAccessorsAsync(bool local, CancellationToken cancellationToken)
    {
        var prefix = AppRoleStore.AccessorKeyPrefix(local);
        var removed = 0;
        foreach (var key in await store.Storage.ListAsync(prefix, cancellationToken))
        {
            var index = StoredJson.Deserialize<SecretIdAccessorEntry>(await store.Storage.GetAsync(prefix + key, cancellationToken));
            // Secret ids and their accessors are written and deleted in one batch, so an accessor whose secret id
            // is missing is garbage, never half of a write in progress.
            var owner = new RoleEntry { StorageId = index?.RoleStorageId ?? "", LocalSecretIds = local };
            var live = index is not null &&
                       await store.Storage.GetAsync(AppRoleStore.SecretKey(owner, index.SecretIdHmac), cancellationToken) is not null;
            if (!live)
            {
                await store.Storage.DeleteAsync(prefix + key, cancellationToken);
                removed++;
            }
        }
        return removed;
    }
}
