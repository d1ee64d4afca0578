namespace Coffer.Core.Replication;

/// <summary>
/// Decides an entry's class from its storage path alone (plus the <c>local</c> flag of the mount owning it), so
/// no caller can route data into the wrong class by passing a wrong hint.
/// </summary>
public sealed class KeyClassifier(Func<string, bool?> isLocalMount)
{
    /// <summary>Storage prefix of secret-engine data: <c>logical/&lt;mount uuid&gt;/…</c>.</summary>
    public const string LogicalPrefix = "logical/";

    /// <summary>Storage prefix of auth-method data: <c>auth/&lt;mount uuid&gt;/…</c>.</summary>
    public const string AuthPrefix = "auth/";

    /// <summary>Replication state of this cluster: never leaves it.</summary>
    public const string ReplicationPrefix = "repl/";

    /// <summary>Configuration that belongs to this cluster only (cluster identity, TLS material).</summary>
    public const string ClusterLocalPrefix = "core/local/";

    /// <summary>Core state kept by DR secondaries only (the local mount table).</summary>
    public const string DrOnlyCorePrefix = "core/dr/";

    /// <summary>Token store, leases and other per-cluster runtime state.</summary>
    public const string SystemPrefix = "sys/";

    public KeyClass Classify(string key)
    {
        if (key.StartsWith(ReplicationPrefix, StringComparison.Ordinal) ||
            key.StartsWith(ClusterLocalPrefix, StringComparison.Ordinal))
        {
            return KeyClass.Local;
        }
        if (key.StartsWith(DrOnlyCorePrefix, StringComparison.Ordinal) ||
            key.StartsWith(SystemPrefix, StringComparison.Ordinal))
        {
            return KeyClass.DrOnly;
        }
        if (key.StartsWith("core/", StringComparison.Ordinal))
        {
            return KeyClass.Replicated;
        }
        var mountUuid = MountUuidOf(key);
        if (mountUuid is not null && IsMountLocalData(key, mountUuid))
        {
            return KeyClass.DrOnly;
        }
        if (mountUuid is not null)
        {
            // An unknown mount (being created or already removed) errs towards the narrower class.
            return isLocalMount(mountUuid) == false ? KeyClass.Replicated : KeyClass.DrOnly;
        }
        return KeyClass.DrOnly;
    }

    /// <summary>AppRole's <c>local_secret_ids</c> stay with this cluster even on a replicated mount.</summary>
    private static bool IsMountLocalData(string key, string mountUuid)
    {
        if (!key.StartsWith(AuthPrefix, StringComparison.Ordinal))
        {
            return false;
        }
        var rest = key.AsSpan(AuthPrefix.Length + mountUuid.Length + 1);
        return rest.StartsWith("secret_id_local/") || rest.StartsWith("accessor_local/");
    }

    private static string? MountUuidOf(string key)
    {
        string rest;
        if (key.StartsWith(LogicalPrefix, StringComparison.Ordinal))
        {
            rest = key[LogicalPrefix.Length..];
        }
        else if (key.StartsWith(AuthPrefix, StringComparison.Ordinal))
        {
            rest = key[AuthPrefix.Length..];
        }
        else
        {
            return null;
        }
        var slash = rest.IndexOf('/');
        return slash <= 0 ? null : rest[..slash];
    }
}
