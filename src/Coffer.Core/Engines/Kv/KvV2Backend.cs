using System.Text.Json.Nodes;
using Coffer.Core.Auth;
using Coffer.Core.Barrier;
using Coffer.Core.Json;
using Coffer.Core.Routing;

namespace Coffer.Core.Engines.Kv;

/// <summary>
/// Version 2 of the key/value engine (spec/vault-api.md §6.2–6.4): every write makes a new version of the key,
/// kept until <c>max_versions</c> pushes it out; versions can be soft-deleted, undeleted and destroyed.
/// </summary>
public sealed partial class KvV2Backend(ISecureStorage storage, IClock clock) : ILogicalBackend
{
    private readonly KvV2Store _store = new(storage);

    // Every change is read-modify-write of one key's metadata: a lock per key keeps CAS and version numbers exact,
    // while writes to different keys proceed together and can share one durable commit.
    private readonly StripedAsyncLock _keyLocks = new();

    // The mount's config is a single entry of its own, changed apart from any key.
    private readonly SemaphoreSlim _configLock = new(1, 1);

    public async Task<Response?> HandleAsync(Request request, CancellationToken cancellationToken)
    {
        var path = request.MountRelativePath;
        if (path == "config")
        {
            return await HandleConfigAsync(request, cancellationToken);
        }
        var slash = path.IndexOf('/');
        var section = slash < 0 ? path : path[..slash];
        var key = slash < 0 ? "" : path[(slash + 1)..];
        if (section == "metadata" && request.Operation == Operation.List)
        {
            return await ListAsync(key, cancellationToken);
        }
        if (slash < 0 || key.Length == 0 || key.EndsWith('/'))
        {
            throw CofferError.UnsupportedPath(path);
        }
        return (section, request.Operation) switch
        {
            ("data", Operation.Read) => await ReadDataAsync(key, request.Data, cancellationToken),
            ("data", Operation.Create or Operation.Update) => await WriteDataAsync(key, request.Data, cancellationToken),
            ("data", Operation.Patch) => await PatchDataAsync(key, request.Data, cancellationToken),
            ("data", Operation.Delete) => await DeleteLatestAsync(key, cancellationToken),
            ("subkeys", Operation.Read) => await ReadSubkeysAsync(key, request.Data, cancellationToken),
            ("metadata", Operation.Read) => await ReadMetadataAsync(key, cancellationToken),
            ("metadata", Operation.Create or Operation.Update) => await WriteMetadataAsync(key, request.Data, cancellationToken),
            ("metadata", Operation.Patch) => await PatchMetadataAsync(key, request.Data, cancellationToken),
            ("metadata", Operation.Delete) => await DeleteKeyAsync(key, cancellationToken),
            ("delete", Operation.Create or Operation.Update) => await ChangeVersionsAsync(key, request.Data, SoftDelete, cancellationToken),
            ("undelete", Operation.Create or Operation.Update) => await ChangeVersionsAsync(key, request.Data, Undelete, cancellationToken),
            ("destroy", Operation.Create or Operation.Update) => await DestroyAsync(key, request.Data, cancellationToken),
            ("data" or "metadata" or "delete" or "undelete" or "destroy" or "subkeys", _) => throw CofferError.UnsupportedOperation(),
            _ => throw CofferError.UnsupportedPath(path),
        };
    }

    public async Task<bool?> ExistsAsync(Request request, CancellationToken cancellationToken)
    {
        var path = request.MountRelativePath;
        if (!path.StartsWith("data/", StringComparison.Ordinal))
        {
            return null;
        }
        return await _store.GetMetadataAsync(path["data/".Length..], cancellationToken) is not null;
    }

    private async Task<Response?> HandleConfigAsync(Request request, CancellationToken cancellationToken)
    {
        switch (request.Operation)
        {
            case Operation.Read:
                return Response.WithData((await _store.GetConfigAsync(cancellationToken)).ToJson());
            case Operation.Create or Operation.Update:
                await _configLock.WaitAsync(cancellationToken);
                try
                {
                    var config = await _store.GetConfigAsync(cancellationToken);
                    var data = request.Data;
                    config.MaxVersions = NonNegative(LenientFields.GetInt(data, "max_versions")) ?? config.MaxVersions;
                    config.CasRequired = LenientFields.GetBool(data, "cas_required") ?? config.CasRequired;
                    config.DeleteVersionAfterSeconds = LenientFields.GetDurationSeconds(data, "delete_version_after") ?? config.DeleteVersionAfterSeconds;
                    await _store.PutConfigAsync(config, cancellationToken);
                    return null;
                }
                finally
                {
                    _configLock.Release();
                }
            default:
                throw CofferError.UnsupportedOperation();
        }
    }

    private async Task<Response?> ListAsync(string folder, CancellationToken cancellationToken)
    {
        if (folder.Length > 0 && !folder.EndsWith('/'))
        {
            folder += "/";
        }
        var keys = await _store.ListKeysAsync(folder, cancellationToken);
        return keys.Count == 0 ? null : Response.ListOf(keys);
    }

    private static long? NonNegative(long? value) => value is < 0
        ? throw CofferError.BadRequest("max_versions must not be negative")
        : value;

    /// <summary>Runs a read-modify-write of one key's metadata under that key's lock.</summary>
    private async Task<T> LockedAsync<T>(string key, Func<Task<T>> change, CancellationToken cancellationToken)
    {
        using (await _keyLocks.AcquireAsync(key, cancellationToken))
        {
            return await change();
        }
    }

    private static JsonObject? OptionsOf(JsonObject data) => LenientFields.GetObject(data, "options");
}
