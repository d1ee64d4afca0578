using System.Text.Json.Nodes;
using Coffer.Core.Barrier;

namespace Coffer.Core.Engines.Kv;

/// <summary>
/// Rewrites a kv mount's version 1 entries (flat, one JSON object per key) into the version 2 layout: each key becomes
/// version 1 of itself, created at the time of the upgrade. The result is one list of operations that the caller
/// commits in a single batch together with the mount-table change, so the mount is never half version 1 and half
/// version 2, and an interrupted upgrade simply runs again from the untouched version 1 data.
/// </summary>
public static class KvV1ToV2Migration
{
    public static async Task<List<SecureOperation>> BuildAsync(ISecureStorage mountStorage, string storagePrefix, DateTimeOffset now,
        CancellationToken cancellationToken = default)
    {
        var keys = await mountStorage.ListRecursiveAsync("", cancellationToken);
        var entries = new List<(string Key, JsonObject Data)>(keys.Count);
        foreach (var key in keys)
        {
            var stored = await mountStorage.GetAsync(key, cancellationToken);
            if (stored is not null)
            {
                entries.Add((key, JsonNode.Parse(stored) as JsonObject ?? new JsonObject()));
            }
        }

        // Deletes first, puts after: a version 1 key may share its storage name with version 2 bookkeeping (a key
        // literally named "meta/x" or "config"), and within one batch the later put is what remains.
        var batch = new List<SecureOperation>(entries.Count * 3);
        batch.AddRange(entries.Select(e => SecureOperation.Delete(storagePrefix + e.Key)));
        foreach (var (key, data) in entries)
        {
            var metadata = new KvV2Metadata
            {
                CurrentVersion = 1,
                OldestVersion = 1,
                CreatedTime = now,
                UpdatedTime = now,
                Versions = { [1] = new KvV2VersionInfo { CreatedTime = now } },
            };
            batch.Add(Prefixed(storagePrefix, KvV2Store.PutVersion(key, 1, data)));
            batch.Add(Prefixed(storagePrefix, KvV2Store.PutMetadata(key, metadata)));
        }
        return batch;
    }

    private static SecureOperation Prefixed(string prefix, SecureOperation operation) => operation with { Key = prefix + operation.Key };
}
