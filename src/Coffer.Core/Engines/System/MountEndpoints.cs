using System.Text.Json.Nodes;
using Coffer.Core.Json;
using Coffer.Core.Routing;

namespace Coffer.Core.Engines.System;

/// <summary><c>sys/mounts</c>, <c>sys/auth</c> and their tuning, scoped to the request's namespace.</summary>
internal sealed class MountEndpoints(CofferCore core)
{
    private static readonly string[] ReservedPrefixes = ["sys/", "auth/", "cubbyhole/", "identity/"];

    public Response List(Request request, bool auth)
    {
        var data = new JsonObject();
        foreach (var entry in core.Mounts.Entries.Where(e => e.NamespaceId == request.NamespaceId && e.IsAuth == auth)
                     .OrderBy(e => e.Path, StringComparer.Ordinal))
        {
            data[auth ? entry.Path["auth/".Length..] : entry.Path] = entry.ToJson();
        }
        return Response.WithData(data);
    }

    public async Task<Response?> HandleAsync(Request request, string mountPath, bool auth, CancellationToken cancellationToken)
    {
        if (mountPath == "/")
        {
            throw CofferError.BadRequest("missing mount path");
        }
        if (mountPath.EndsWith("/tune/", StringComparison.Ordinal))
        {
            return await TuneAsync(request, Find(request, mountPath[..^"tune/".Length], auth), cancellationToken);
        }
        var fullPath = auth ? "auth/" + mountPath : mountPath;
        switch (request.Operation)
        {
            case Operation.Read:
                return Response.WithData(Find(request, mountPath, auth).ToJson());
            case Operation.Create or Operation.Update:
                await core.EnableMountAsync(Parse(request, fullPath, auth), cancellationToken);
                return null;
            case Operation.Delete:
                if (fullPath is "sys/" or "cubbyhole/" or "auth/token/")
                {
                    throw CofferError.BadRequest($"cannot unmount \"{fullPath}\"");
                }
                await core.DisableMountAsync(request.NamespaceId, fullPath, cancellationToken);
                return null;
            default:
                throw CofferError.UnsupportedOperation();
        }
    }

    private MountEntry Find(Request request, string mountPath, bool auth)
    {
        var fullPath = auth ? "auth/" + mountPath : mountPath;
        return core.Mounts.Entries.FirstOrDefault(e => e.NamespaceId == request.NamespaceId && e.Path == fullPath)
               ?? throw CofferError.BadRequest(auth ? $"No auth engine at {mountPath}" : $"No secret engine mount at {mountPath}");
    }

    private async Task<Response?> TuneAsync(Request request, MountEntry entry, CancellationToken cancellationToken)
    {
        if (request.Operation == Operation.Read)
        {
            var config = entry.ToJson();
            return Response.WithData(new JsonObject
            {
                ["default_lease_ttl"] = entry.DefaultLeaseTtlSeconds > 0 ? entry.DefaultLeaseTtlSeconds : core.Options.DefaultLeaseTtlSeconds,
                ["max_lease_ttl"] = entry.MaxLeaseTtlSeconds > 0 ? entry.MaxLeaseTtlSeconds : core.Options.MaxLeaseTtlSeconds,
                ["force_no_cache"] = false,
                ["description"] = entry.Description,
                ["options"] = config["options"]?.DeepClone(),
            });
        }
        if (request.Operation is not (Operation.Update or Operation.Create))
        {
            throw CofferError.UnsupportedOperation();
        }
        var defaultTtl = LenientFields.GetDurationSeconds(request.Data, "default_lease_ttl") ?? entry.DefaultLeaseTtlSeconds;
        var maxTtl = LenientFields.GetDurationSeconds(request.Data, "max_lease_ttl") ?? entry.MaxLeaseTtlSeconds;
        ValidateTtls(defaultTtl, maxTtl);
        var updated = entry with
        {
            DefaultLeaseTtlSeconds = defaultTtl,
            MaxLeaseTtlSeconds = maxTtl,
            Description = LenientFields.GetString(request.Data, "description") ?? entry.Description,
        };
        await core.Mounts.UpdateAsync(updated, cancellationToken);
        return null;
    }

    private MountEntry Parse(Request request, string fullPath, bool auth)
    {
        var data = request.Data;
        if (!auth)
        {
            foreach (var reserved in ReservedPrefixes)
            {
                if (fullPath.StartsWith(reserved, StringComparison.Ordinal))
                {
                    throw CofferError.BadRequest($"cannot mount under reserved path \"{reserved}\"");
                }
            }
        }
        else if (fullPath == "auth/token/")
        {
            throw CofferError.BadRequest("token credential backend cannot be instantiated");
        }
        var type = LenientFields.GetString(data, "type");
        if (string.IsNullOrEmpty(type))
        {
            throw CofferError.BadRequest("backend type must be specified as a string");
        }
        var options = LenientFields.GetStringMap(data, "options") ?? new Dictionary<string, string>();
        if (auth && options.ContainsKey("version"))
        {
            throw CofferError.BadRequest($"auth method \"{type}\" does not allow setting a version");
        }
        if (type == "kv-v2")
        {
            type = "kv";
            options["version"] = "2";
        }
        if (type == "kv" && !options.ContainsKey("version"))
        {
            options["version"] = "1";
        }
        var config = LenientFields.GetObject(data, "config") ?? new JsonObject();
        var defaultTtl = LenientFields.GetDurationSeconds(config, "default_lease_ttl") ?? 0;
        var maxTtl = LenientFields.GetDurationSeconds(config, "max_lease_ttl") ?? 0;
        ValidateTtls(defaultTtl, maxTtl);
        return MountTable.NewEntry(fullPath, type, LenientFields.GetString(data, "description") ?? "",
            LenientFields.GetBool(data, "local") ?? false, defaultTtl, maxTtl, options, request.NamespaceId) with
        {
            SealWrap = LenientFields.GetBool(data, "seal_wrap") ?? false,
        };
    }

    private void ValidateTtls(long defaultTtl, long maxTtl)
    {
        if (defaultTtl > 0 && maxTtl > 0 && defaultTtl > maxTtl)
        {
            throw CofferError.BadRequest("default lease TTL cannot be larger than max lease TTL");
        }
        if (maxTtl > core.Options.MaxLeaseTtlSeconds)
        {
            throw CofferError.BadRequest("max lease TTL cannot be larger than the system max lease TTL");
        }
    }
}
