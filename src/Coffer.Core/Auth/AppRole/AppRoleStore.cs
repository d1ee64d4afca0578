using System.Security.Cryptography;
using System.Text;
using Coffer.Core.Barrier;

namespace Coffer.Core.Auth.AppRole;

/// <summary>
/// Storage layout of an AppRole mount. Credentials appear in keys only as HMACs under a per-mount salt, because
/// storage keys are not encrypted by the barrier:
/// <code>
/// salt                                       HMAC key (32 random bytes)
/// role/&lt;lower name&gt;                          RoleEntry
/// role_id/&lt;hmac(role id)&gt;                    lower-cased role name
/// secret_id/&lt;role storage id&gt;/&lt;hmac(secret id)&gt;   SecretIdEntry
/// accessor/&lt;hmac(accessor)&gt;                  SecretIdAccessorEntry
/// </code>
/// Roles with <c>local_secret_ids</c> use <c>secret_id_local/</c> and <c>accessor_local/</c> instead, so replication
/// can keep them on this cluster (the names Vault uses for the same purpose).
/// </summary>
internal sealed class AppRoleStore(ISecureStorage storage)
{
    public const string SaltKey = "salt";
    public const string RolePrefix = "role/";
    public const string RoleIdPrefix = "role_id/";
    public const string SecretIdPrefix = "secret_id/";
    public const string LocalSecretIdPrefix = "secret_id_local/";
    public const string AccessorPrefix = "accessor/";
    public const string LocalAccessorPrefix = "accessor_local/";

    private readonly SemaphoreSlim _saltGate = new(1, 1);
    private byte[]? _salt;

    public ISecureStorage Storage => storage;

    public async Task<string> HmacAsync(string value, CancellationToken cancellationToken)
    {
        var salt = _salt ?? await LoadSaltAsync(cancellationToken);
        return Convert.ToHexStringLower(HMACSHA256.HashData(salt, Encoding.UTF8.GetBytes(value)));
    }

    public async Task<RoleEntry?> GetRoleAsync(string lowerName, CancellationToken cancellationToken) =>
        StoredJson.Deserialize<RoleEntry>(await storage.GetAsync(RolePrefix + lowerName, cancellationToken));

    public Task<IReadOnlyList<string>> ListRolesAsync(CancellationToken cancellationToken) =>
        storage.ListAsync(RolePrefix, cancellationToken);

    public static string RoleKey(string lowerName) => RolePrefix + lowerName;

    public async Task<string?> RoleNameForRoleIdAsync(string roleId, CancellationToken cancellationToken)
    {
        var stored = await storage.GetAsync(RoleIdPrefix + await HmacAsync(roleId, cancellationToken), cancellationToken);
        return stored is null ? null : Encoding.UTF8.GetString(stored);
    }

    public async Task<string> RoleIdKeyAsync(string roleId, CancellationToken cancellationToken) =>
        RoleIdPrefix + await HmacAsync(roleId, cancellationToken);

    public static string SecretFolder(RoleEntry role) =>
        (role.LocalSecretIds ? LocalSecretIdPrefix : SecretIdPrefix) + role.StorageId + "/";

    public static string SecretKey(RoleEntry role, string secretIdHmac) => SecretFolder(role) + secretIdHmac;

    public static string AccessorKeyPrefix(bool local) => local ? LocalAccessorPrefix : AccessorPrefix;

    public async Task<string> AccessorKeyAsync(RoleEntry role, string accessor, CancellationToken cancellationToken) =>
        AccessorKeyPrefix(role.LocalSecretIds) + await HmacAsync(accessor, cancellationToken);

    public async Task<SecretIdEntry?> GetSecretAsync(RoleEntry role, string secretIdHmac, CancellationToken cancellationToken) =>
        StoredJson.Deserialize<SecretIdEntry>(await storage.GetAsync(SecretKey(role, secretIdHmac), cancellationToken));

    public async Task<SecretIdAccessorEntry?> GetAccessorAsync(RoleEntry role, string accessor, CancellationToken cancellationToken) =>
        StoredJson.Deserialize<SecretIdAccessorEntry>(await storage.GetAsync(await AccessorKeyAsync(role, accessor, cancellationToken), cancellationToken));

    /// <summary>The puts that store a secret id together with its accessor index (one batch, so neither exists alone).</summary>
    public async Task<SecureOperation[]> PutSecretOperationsAsync(RoleEntry role, string secretIdHmac, SecretIdEntry entry, CancellationToken cancellationToken) =>
    [
        SecureOperation.Put(SecretKey(role, secretIdHmac), StoredJson.Serialize(entry)),
        SecureOperation.Put(await AccessorKeyAsync(role, entry.Accessor, cancellationToken),
            StoredJson.Serialize(new SecretIdAccessorEntry { RoleStorageId = role.StorageId, SecretIdHmac = secretIdHmac })),
    ];

    /// <summary>The deletes that remove a secret id and its accessor index.</summary>
    public async Task<SecureOperation[]> DeleteSecretOperationsAsync(RoleEntry role, string secretIdHmac, SecretIdEntry entry, CancellationToken cancellationToken) =>
    [
        SecureOperation.Delete(SecretKey(role, secretIdHmac)),
        SecureOperation.Delete(await AccessorKeyAsync(role, entry.Accessor, cancellationToken)),
    ];

    private async Task<byte[]> LoadSaltAsync(CancellationToken cancellationToken)
    {
        await _saltGate.WaitAsync(cancellationToken);
        try
        {
            if (_salt is not null)
            {
                return _salt;
            }
            var salt = await storage.GetAsync(SaltKey, cancellationToken);
            if (salt is null)
            {
                salt = RandomNumberGenerator.GetBytes(32);
                await storage.PutAsync(SaltKey, salt, cancellationToken);
            }
            _salt = salt;
            return salt;
        }
        finally
        {
            _saltGate.Release();
        }
    }
}
