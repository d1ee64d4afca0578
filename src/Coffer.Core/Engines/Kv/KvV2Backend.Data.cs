using System.Text.Json.Nodes;
using Coffer.Core.Barrier;
using Coffer.Core.Json;
using Coffer.Core.Routing;

namespace Coffer.Core.Engines.Kv;

/// <summary>The <c>data/:path</c> endpoints: versioned reads, writes, merge patches and deleting the latest version.</summary>
public sealed partial class KvV2Backend
{
    private Task<Response?> ReadDataAsync(string key, JsonObject query, CancellationToken cancellationToken) =>
        ReadVersionAsync(key, query, "data", data => data, cancellationToken);

    private Task<Response?> ReadSubkeysAsync(string key, JsonObject query, CancellationToken cancellationToken)
    {
        var depth = LenientFields.GetInt(query, "depth") ?? 0;
        if (depth < 0)
        {
            throw CofferError.BadRequest("depth must be a non-negative integer");
        }
        return ReadVersionAsync(key, query, "subkeys", data => KvV2Subkeys.Of(data, depth), cancellationToken);
    }

    /// <summary>Reads one version (<c>?version=N</c>, 0 or unset for the latest) and returns <paramref name="shape"/> of its data under <paramref name="field"/>.</summary>
    private async Task<Response?> ReadVersionAsync(string key, JsonObject query, string field, Func<JsonObject, JsonObject> shape, CancellationToken cancellationToken)
    {
        var metadata = await _store.GetMetadataAsync(key, cancellationToken);
        if (metadata is null)
        {
            return null;
        }
        var version = LenientFields.GetInt(query, "version") ?? 0;
        if (version == 0)
        {
            version = metadata.CurrentVersion;
        }
        if (!metadata.Versions.TryGetValue(version, out var info))
        {
            return null;
        }
        if (info.Destroyed || info.IsDeletedAt(clock.UtcNow))
        {
            // Still a 404, but with the metadata: the CLI prints when and how the version went away.
            var gone = Response.WithData(new JsonObject { [field] = null, ["metadata"] = metadata.VersionJson(version) });
            gone.StatusCode = 404;
            return gone;
        }
        var data = await _store.GetVersionDataAsync(key, version, cancellationToken) ?? new JsonObject();
        return Response.WithData(new JsonObject { [field] = shape(data), ["metadata"] = metadata.VersionJson(version) });
    }

    private async Task<Response?> WriteDataAsync(string key, JsonObject body, CancellationToken cancellationToken)
    {
        var data = LenientFields.GetObject(body, "data") ?? throw CofferError.BadRequest("no data provided");
        var cas = OptionsOf(body) is { } options ? LenientFields.GetInt(options, "cas") : null;
        return await LockedAsync(key, async () =>
        {
            var metadata = await _store.GetMetadataAsync(key, cancellationToken);
            return await WriteVersionAsync(key, metadata, (JsonObject)data.DeepClone(), cas, cancellationToken);
        }, cancellationToken);
    }

    private async Task<Response?> PatchDataAsync(string key, JsonObject body, CancellationToken cancellationToken)
    {
        var patch = LenientFields.GetObject(body, "data") ?? throw CofferError.BadRequest("no data provided");
        var cas = OptionsOf(body) is { } options ? LenientFields.GetInt(options, "cas") : null;
        if (cas is <= 0)
        {
            throw CofferError.BadRequest("check-and-set parameter must be greater than 0 for a patch");
        }
        return await LockedAsync(key, async () =>
        {
            var metadata = await _store.GetMetadataAsync(key, cancellationToken);
            if (metadata is null || !metadata.Versions.TryGetValue(metadata.CurrentVersion, out var current) ||
                current.Destroyed || current.IsDeletedAt(clock.UtcNow))
            {
                return null;
            }
            var merged = await _store.GetVersionDataAsync(key, metadata.CurrentVersion, cancellationToken) ?? new JsonObject();
            KvV2MergePatch.Apply(merged, patch);
            return await WriteVersionAsync(key, metadata, merged, cas, cancellationToken);
        }, cancellationToken) ?? throw new CofferError(global::System.Net.HttpStatusCode.NotFound);
    }

    /// <summary>
    /// Writes version <c>current + 1</c> and its metadata in one batch, dropping versions beyond <c>max_versions</c>
    /// in the same batch so a crash cannot leave orphaned data. Caller holds the write lock.
    /// </summary>
    private async Task<Response> WriteVersionAsync(string key, KvV2Metadata? metadata, JsonObject data, long? cas, CancellationToken cancellationToken)
    {
        var config = await _store.GetConfigAsync(cancellationToken);
        var now = clock.UtcNow;
        metadata ??= new KvV2Metadata { CreatedTime = now };
        if (cas is null && (config.CasRequired || metadata.CasRequired))
        {
            throw CofferError.BadRequest("check-and-set parameter required for this call");
        }
        if (cas is not null && cas != metadata.CurrentVersion)
        {
            throw CofferError.BadRequest("check-and-set parameter did not match the current version");
        }
        var version = metadata.CurrentVersion + 1;
        var deleteAfter = config.EffectiveDeleteAfter(metadata);
        metadata.Versions[version] = new KvV2VersionInfo
        {
            CreatedTime = now,
            DeletionTime = deleteAfter > 0 ? now.AddSeconds(deleteAfter) : null,
        };
        metadata.CurrentVersion = version;
        metadata.UpdatedTime = now;
        var batch = new List<SecureOperation> { KvV2Store.PutVersion(key, version, data) };
        batch.AddRange(Prune(key, metadata, config.EffectiveMaxVersions(metadata)));
        batch.Add(KvV2Store.PutMetadata(key, metadata));
        await _store.CommitAsync(batch, cancellationToken);
        return Response.WithData(metadata.VersionJson(version));
    }

    /// <summary>Drops the oldest versions until at most <paramref name="keep"/> remain; returns their storage deletes.</summary>
    private static List<SecureOperation> Prune(string key, KvV2Metadata metadata, long keep)
    {
        var deletes = new List<SecureOperation>();
        while (metadata.Versions.Count > keep)
        {
            var oldest = metadata.Versions.Keys.First();
            metadata.Versions.Remove(oldest);
            deletes.Add(KvV2Store.DeleteVersion(key, oldest));
            metadata.OldestVersion = metadata.Versions.Keys.First();
        }
        return deletes;
    }

    private Task<Response?> DeleteLatestAsync(string key, CancellationToken cancellationToken) =>
        LockedAsync<Response?>(key, async () =>
        {
            var metadata = await _store.GetMetadataAsync(key, cancellationToken);
            if (metadata is null || !metadata.Versions.TryGetValue(metadata.CurrentVersion, out var latest))
            {
                return null;
            }
            var now = clock.UtcNow;
            if (!latest.Destroyed && !latest.IsDeletedAt(now))
            {
                latest.DeletionTime = now;
                await _store.CommitAsync([KvV2Store.PutMetadata(key, metadata)], cancellationToken);
            }
            return null;
        }, cancellationToken);
}
