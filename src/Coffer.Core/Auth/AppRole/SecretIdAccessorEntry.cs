namespace Coffer.Core.Auth.AppRole;

/// <summary>
/// Index from a secret id's accessor (stored under the accessor's HMAC) to the secret id's entry, so an operator
/// can look up or destroy a secret id without ever holding it.
/// </summary>
internal sealed class SecretIdAccessorEntry
{
    /// <summary><see cref="RoleEntry.StorageId"/> of the role that issued the secret id.</summary>
    public string RoleStorageId { get; set; } = "";
    public string SecretIdHmac { get; set; } = "";
}
