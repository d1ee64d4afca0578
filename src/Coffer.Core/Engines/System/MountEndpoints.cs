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
            return Response.WithData(TuneInfo(entry));
        }
        if (request.Operation is not (Operation.Update or Operation.Create))
        {
            throw CofferError.UnsupportedOperation();
        }
        // Everything is parsed and checked before anything is stored.
        var tuned = MountSettingsInput.Apply(entry, request.Data, core.Options);
        if (LenientFields.GetString(request.Data, "description") is { } description)
        {
            tuned = tuned with { Description = description };
        }
        var upgrade = false;
        if (LenientFields.GetStringMap(request.Data, "options") is { } options)
        {
            (tuned, upgrade) = MergeOptions(entry, tuned, options);
        }
        if (upgrade)
        {
            await core.KvUpgrades.BeginAsync(tuned, cancellationToken);
            var response = new Response();
            response.Warnings.Add("Upgrading mount from version 1 to version 2. This mount will be unavailable for a brief period " +
                                  "and will resume service shortly.");
            return response;
        }
        await core.Mounts.UpdateAsync(tuned, cancellationToken);
        return null;
    }

    /// <summary>
    /// Tuned options merge into the current ones; an empty value removes a key. For kv, <c>version</c> may only go from
    /// 1 to 2, which starts the upgrade of the mount's data.
    /// </summary>
    private static (MountEntry Tuned, bool Upgrade) MergeOptions(MountEntry entry, MountEntry tuned, Dictionary<string, string> given)
    {
        var merged = new Dictionary<string, string>(tuned.Options);
        var upgrade = false;
        foreach (var (key, value) in given)
        {
            if (key != "version")
            {
                if (value.Length == 0)
                {
                    merged.Remove(key);
                }
                else
                {
                    merged[key] = value;
                }
                continue;
            }
            if (entry.IsAuth || entry.Type != "kv")
            {
                throw CofferError.BadRequest(entry.IsAuth
                    ? $"auth method \"{entry.Type}\" does not allow setting a version"
                    : $"secrets engine \"{entry.Type}\" does not allow setting a version");
            }
            if (value.Length == 0)
            {
                continue;
            }
            if (value is not ("1" or "2"))
            {
                throw CofferError.BadRequest($"invalid version provided: {value}");
            }
            var current = entry.Options.GetValueOrDefault("version", "1") is "2" ? "2" : "1";
            if (current == "2" && value == "1")
            {
                throw CofferError.BadRequest("cannot downgrade mount from version 2");
            }
            upgrade = current == "1" && value == "2";
            merged["version"] = value;
        }
        return (tuned with { Options = merged }, upgrade);
    }

    /// <summary>Tune settings as Vault reports them: effective TTLs, then every optional key that is set.</summary>
    private JsonObject TuneInfo(MountEntry entry)
    {
        var info = new JsonObject
        {
            ["default_lease_ttl"] = entry.DefaultLeaseTtlSeconds > 0 ? entry.DefaultLeaseTtlSeconds : core.Options.DefaultLeaseTtlSeconds,
            ["max_lease_ttl"] = entry.MaxLeaseTtlSeconds > 0 ? entry.MaxLeaseTtlSeconds : core.Options.MaxLeaseTtlSeconds,
            ["force_no_cache"] = false,
            ["description"] = entry.Description,
            ["options"] = entry.OptionsJson(),
            ["plugin_version"] = entry.PluginVersion,
            ["external_entropy_access"] = entry.ExternalEntropyAccess,
        };
        entry.AddOptionalConfig(info);
        return info;
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
        var config = LenientFields.GetObject(data, "config") ?? new JsonObject();
        // Vault takes options at the top level and, in newer clients, inside config too; the top level wins.
        var options = LenientFields.GetStringMap(config, "options") ?? new Dictionary<string, string>();
        foreach (var (key, value) in LenientFields.GetStringMap(data, "options") ?? [])
        {
            options[key] = value;
        }
        if (auth && options.ContainsKey("version"))
        {
            throw CofferError.BadRequest($"auth method \"{type}\" does not allow setting a version");
        }
        if (!auth && type is "kv-v1" or "kv-v2")
        {
            options["version"] = type == "kv-v2" ? "2" : "1";
            type = "kv";
        }
        if (!auth && options.ContainsKey("version") && type != "kv")
        {
            throw CofferError.BadRequest($"secrets engine \"{type}\" does not allow setting a version");
        }
        if (type == "kv")
        {
            var version = options.GetValueOrDefault("version", "");
            options["version"] = version.Length == 0 ? "1" : version;
        }
        var entry = MountTable.NewEntry(fullPath, type, LenientFields.GetString(data, "description") ?? "",
            LenientFields.GetBool(data, "local") ?? false, 0, 0, options, request.NamespaceId) with
        {
            SealWrap = LenientFields.GetBool(data, "seal_wrap") ?? false,
            ExternalEntropyAccess = LenientFields.GetBool(data, "external_entropy_access") ?? false,
        };
        if (!auth && config.ContainsKey("token_type"))
        {
            throw CofferError.BadRequest("'token_type' can only be modified on auth mounts");
        }
        return MountSettingsInput.Apply(entry, config, core.Options);
    }
}
