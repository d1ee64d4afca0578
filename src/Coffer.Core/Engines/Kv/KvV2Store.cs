using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Coffer.Core.Barrier;

namespace Coffer.Core.Engines.Kv;

/// <summary>
/// Storage layout of a KV v2 mount: <c>config</c>, <c>meta/&lt;key&gt;</c> (listable, mirrors the key tree) and
/// <c>versions/&lt;hash of key&gt;/&lt;n&gt;</c>. Version data sits under a hash so a key named <c>a/1</c> can never
/// collide with version 1 of key <c>a</c>.
/// </summary>
internal sealed class KvV2Store(ISecureStorage storage)
{
    private const string ConfigKey = "config";
    private const string MetaPrefix = "meta/";

    public async Task<KvV2Config> GetConfigAsync(CancellationToken cancellationToken) =>
        await GetAsync<KvV2Config>(ConfigKey, cancellationToken) ?? new KvV2Config();

    public Task PutConfigAsync(KvV2Config config, CancellationToken cancellationToken) =>
        storage.PutAsync(ConfigKey, JsonSerializer.SerializeToUtf8Bytes(config), cancellationToken);

    public Task<KvV2Metadata?> GetMetadataAsync(string key, CancellationToken cancellationToken) =>
        GetAsync<KvV2Metadata>(MetaPrefix + key, cancellationToken);

    public Task<IReadOnlyList<string>> ListKeysAsync(string folder, CancellationToken cancellationToken) =>
        storage.ListAsync(MetaPrefix + folder, cancellationToken);

    public async Task<JsonObject?> GetVersionDataAsync(string key, long version, CancellationToken cancellationToken)
    {
        var stored = await storage.GetAsync(VersionKey(key, version), cancellationToken);
        return stored is null ? null : JsonNode.Parse(stored)!.AsObject();
    }

    public static SecureOperation PutMetadata(string key, KvV2Metadata metadata) =>
        SecureOperation.Put(MetaPrefix + key, JsonSerializer.SerializeToUtf8Bytes(metadata));

    public static SecureOperation DeleteMetadata(string key) => SecureOperation.Delete(MetaPrefix + key);

    public static SecureOperation PutVersion(string key, long version, JsonObject data) =>
        SecureOperation.Put(VersionKey(key, version), JsonSerializer.SerializeToUtf8Bytes(data));

    public static SecureOperation DeleteVersion(string key, long version) => SecureOperation.Delete(VersionKey(key, version));

    public Task CommitAsync(IReadOnlyList<SecureOperation> batch, CancellationToken cancellationToken) =>
        storage.CommitAsync(batch, cancellationToken);

    private static string VersionKey(string key, long version)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
        return $"versions/{hash}/{version.ToString(CultureInfo.InvariantCulture)}";
    }

    private async Task<T?> GetAsync<T>(string storageKey, CancellationToken cancellationToken) where T : class
    {
        var stored = await storage.GetAsync(storageKey, cancellationToken);
        return stored is null ? null : JsonSerializer.Deserialize<T>(stored);
    }
}
