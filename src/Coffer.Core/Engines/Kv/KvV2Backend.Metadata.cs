using System.Text.Json;
using System.Text.Json.Nodes;
using Coffer.Core.Barrier;
using Coffer.Core.Json;
using Coffer.Core.Routing;

namespace Coffer.Core.Engines.Kv;

/// <summary>The <c>metadata/:path</c>, <c>delete/</c>, <c>undelete/</c> and <c>destroy/</c> endpoints.</summary>
public sealed partial class KvV2Backend
{
    private async Task<Response?> ReadMetadataAsync(string key, CancellationToken cancellationToken) =>
        await _store.GetMetadataAsync(key, cancellationToken) is { } metadata ? Response.WithData(metadata.ToJson()) : null;

    private async Task<Response?> WriteMetadataAsync(string key, JsonObject data, CancellationToken cancellationToken)
    {
        var custom = LenientFields.GetStringMap(data, "custom_metadata");
        await ChangeMetadataAsync(key, data, createIfMissing: true, current => custom ?? current, cancellationToken);
        return null;
    }

    /// <summary>Merge-patch of the settings: absent fields stay, and a null in <c>custom_metadata</c> removes that entry.</summary>
    private async Task<Response?> PatchMetadataAsync(string key, JsonObject data, CancellationToken cancellationToken)
    {
        var patch = data["custom_metadata"] switch
        {
            null => null,
            JsonObject map => map,
            _ => throw CofferError.BadRequest("custom_metadata must be a map of strings"),
        };
        var found = await ChangeMetadataAsync(key, data, createIfMissing: false, current =>
        {
            if (patch is null)
            {
                return current;
            }
            var merged = new Dictionary<string, string>(current ?? []);
            foreach (var (name, value) in patch)
            {
                if (value is null)
                {
                    merged.Remove(name);
                }
                else
                {
                    merged[name] = value is JsonValue text && text.GetValueKind() == JsonValueKind.String ? text.GetValue<string>() : value.ToJsonString();
                }
            }
            return merged;
        }, cancellationToken);
        // The HTTP layer answers a null PATCH result with 404, so success is an empty response (rendered as 204).
        return found ? new Response() : throw new CofferError(global::System.Net.HttpStatusCode.NotFound);
    }

    /// <summary>Applies the setting fields present in <paramref name="data"/>; false when the key is missing and may not be created.</summary>
    private Task<bool> ChangeMetadataAsync(string key, JsonObject data, bool createIfMissing,
        Func<Dictionary<string, string>?, Dictionary<string, string>?> customMetadata, CancellationToken cancellationToken)
    {
        var maxVersions = NonNegative(LenientFields.GetInt(data, "max_versions"));
        var casRequired = LenientFields.GetBool(data, "cas_required");
        var deleteAfter = LenientFields.GetDurationSeconds(data, "delete_version_after");
        return LockedAsync(key, async () =>
        {
            var now = clock.UtcNow;
            // The key may not exist yet: settings can be made before the first version is written.
            var metadata = await _store.GetMetadataAsync(key, cancellationToken);
            if (metadata is null && !createIfMissing)
            {
                return false;
            }
            metadata ??= new KvV2Metadata { CreatedTime = now };
            var custom = customMetadata(metadata.CustomMetadata);
            KvV2CustomMetadataLimits.Validate(custom);
            metadata.MaxVersions = maxVersions ?? metadata.MaxVersions;
            metadata.CasRequired = casRequired ?? metadata.CasRequired;
            metadata.DeleteVersionAfterSeconds = deleteAfter ?? metadata.DeleteVersionAfterSeconds;
            metadata.CustomMetadata = custom;
            metadata.UpdatedTime = now;
            var config = await _store.GetConfigAsync(cancellationToken);
            var batch = Prune(key, metadata, config.EffectiveMaxVersions(metadata));
            batch.Add(KvV2Store.PutMetadata(key, metadata));
            await _store.CommitAsync(batch, cancellationToken);
            return true;
        }, cancellationToken);
    }

    private Task<Response?> DeleteKeyAsync(string key, CancellationToken cancellationToken) =>
        LockedAsync<Response?>(key, async () =>
        {
            if (await _store.GetMetadataAsync(key, cancellationToken) is not { } metadata)
            {
                return null;
            }
            var batch = metadata.Versions.Keys.Select(v => KvV2Store.DeleteVersion(key, v)).ToList();
            batch.Add(KvV2Store.DeleteMetadata(key));
            await _store.CommitAsync(batch, cancellationToken);
            return null;
        }, cancellationToken);

    private static void SoftDelete(KvV2VersionInfo info, DateTimeOffset now)
    {
        if (!info.Destroyed && !info.IsDeletedAt(now))
        {
            info.DeletionTime = now;
        }
    }

    private static void Undelete(KvV2VersionInfo info, DateTimeOffset now)
    {
        if (!info.Destroyed)
        {
            info.DeletionTime = null;
        }
    }

    /// <summary>Applies a bookkeeping change to the listed versions; versions that do not exist are skipped, as in Vault.</summary>
    private Task<Response?> ChangeVersionsAsync(string key, JsonObject data, Action<KvV2VersionInfo, DateTimeOffset> change, CancellationToken cancellationToken)
    {
        var versions = VersionsOf(data);
        return LockedAsync<Response?>(key, async () =>
        {
            if (await _store.GetMetadataAsync(key, cancellationToken) is not { } metadata)
            {
                return null;
            }
            var now = clock.UtcNow;
            foreach (var version in versions)
            {
                if (metadata.Versions.TryGetValue(version, out var info))
                {
                    change(info, now);
                }
            }
            await _store.CommitAsync([KvV2Store.PutMetadata(key, metadata)], cancellationToken);
            return null;
        }, cancellationToken);
    }

    private Task<Response?> DestroyAsync(string key, JsonObject data, CancellationToken cancellationToken)
    {
        var versions = VersionsOf(data);
        return LockedAsync<Response?>(key, async () =>
        {
            if (await _store.GetMetadataAsync(key, cancellationToken) is not { } metadata)
            {
                return null;
            }
            var batch = new List<SecureOperation>();
            foreach (var version in versions)
            {
                if (metadata.Versions.TryGetValue(version, out var info) && !info.Destroyed)
                {
                    info.Destroyed = true;
                    batch.Add(KvV2Store.DeleteVersion(key, version));
                }
            }
            batch.Add(KvV2Store.PutMetadata(key, metadata));
            await _store.CommitAsync(batch, cancellationToken);
            return null;
        }, cancellationToken);
    }

    /// <summary>The <c>versions</c> list: numbers or numeric strings, or one comma-separated string (CLI form).</summary>
    private static List<long> VersionsOf(JsonObject data)
    {
        var items = data["versions"] switch
        {
            JsonArray array => array.Select(item => item is JsonValue value && value.GetValueKind() == JsonValueKind.Number
                ? value.ToJsonString()
                : item is JsonValue text && text.GetValueKind() == JsonValueKind.String ? text.GetValue<string>() : "").ToList(),
            JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>().Split(',').ToList(),
            JsonValue value when value.GetValueKind() == JsonValueKind.Number => [value.ToJsonString()],
            _ => [],
        };
        var versions = new List<long>();
        foreach (var item in items)
        {
            if (!long.TryParse(item.Trim(), out var version) || version < 0)
            {
                throw CofferError.BadRequest("versions must be a list of version numbers");
            }
            versions.Add(version);
        }
        return versions.Count > 0 ? versions : throw CofferError.BadRequest("no version number provided");
    }
}
