using System.Text.Json;
using System.Text.Json.Nodes;
using Coffer.Core.Barrier;

namespace Coffer.Core.Audit;

/// <summary>
/// Persists the audit table and the device salts. Shared devices live in <c>core/audit</c> (replicated), local
/// ones in <c>core/dr/local-audit</c>; salts live under <c>sys/audit-salt/</c>, which stays with this cluster and
/// its DR secondaries, so a performance secondary hashes with a salt of its own.
/// </summary>
internal sealed class AuditTableStore(ISecureStorage storage)
{
    public async Task<List<AuditDeviceEntry>> ReadEntriesAsync(CancellationToken cancellationToken)
    {
        var entries = await ReadTableAsync(AuditBroker.SharedTablePath, cancellationToken);
        entries.AddRange(await ReadTableAsync(AuditBroker.LocalTablePath, cancellationToken));
        return entries;
    }

    /// <summary>Rewrites the table <paramref name="local"/> selects from <paramref name="entries"/>.</summary>
    public static SecureOperation TableWrite(IEnumerable<AuditDeviceEntry> entries, bool local)
    {
        var array = new JsonArray(entries.Where(e => e.Local == local)
            .OrderBy(e => e.Path, StringComparer.Ordinal)
            .Select(e => (JsonNode)e.ToStorageJson())
            .ToArray());
        return SecureOperation.Put(local ? AuditBroker.LocalTablePath : AuditBroker.SharedTablePath,
            JsonSerializer.SerializeToUtf8Bytes(array));
    }

    public static SecureOperation SaltWrite(string uuid, AuditSalt salt) =>
        SecureOperation.Put(SaltKey(uuid), salt.ToBytes());

    public static SecureOperation SaltDelete(string uuid) => SecureOperation.Delete(SaltKey(uuid));

    /// <summary>The device's salt, made and stored now if it has none yet.</summary>
    public async Task<AuditSalt> LoadOrCreateSaltAsync(string uuid, CancellationToken cancellationToken)
    {
        var stored = await storage.GetAsync(SaltKey(uuid), cancellationToken);
        if (stored is not null)
        {
            return new AuditSalt(stored);
        }
        // A device replicated from a primary arrives without a salt: it is made here, once.
        var salt = AuditSalt.CreateRandom();
        await storage.CommitAsync([SaltWrite(uuid, salt)], cancellationToken);
        return salt;
    }

    public Task CommitAsync(IReadOnlyList<SecureOperation> batch, CancellationToken cancellationToken) =>
        storage.CommitAsync(batch, cancellationToken);

    private static string SaltKey(string uuid) => AuditBroker.SaltPrefix + uuid;

    private async Task<List<AuditDeviceEntry>> ReadTableAsync(string path, CancellationToken cancellationToken)
    {
        var stored = await storage.GetAsync(path, cancellationToken);
        return stored is null
            ? []
            : JsonNode.Parse(stored)!.AsArray().Select(n => AuditDeviceEntry.FromStorageJson(n!.AsObject())).ToList();
    }
}
