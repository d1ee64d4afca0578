using System.Text.Json.Nodes;
using Coffer.Core.Json;
using Coffer.Core.Routing;

namespace Coffer.Core.Engines.System;

/// <summary>The logical (enveloped) <c>sys/</c> endpoints. Raw ones such as init and health live in the HTTP layer.</summary>
public sealed class SystemBackend(CofferCore core) : ILogicalBackend
{
    private static readonly HashSet<string> UnauthenticatedPaths =
        ["replication/status", "replication/dr/status", "replication/performance/status"];

    private static readonly string[] ReservedPrefixes = ["sys/", "auth/", "cubbyhole/", "identity/"];

    public bool IsUnauthenticated(string relativePath) => UnauthenticatedPaths.Contains(relativePath);

    public async Task<Response?> HandleAsync(Request request, CancellationToken cancellationToken)
    {
        var path = request.MountRelativePath;
        var op = request.Operation;
        switch (path)
        {
            case "mounts" when op == Operation.Read:
                return ListMounts();
            case "key-status" when op == Operation.Read:
                RequireRoot(request);
                return KeyStatus();
            case "rotate" when op is Operation.Update or Operation.Create:
                RequireRoot(request);
                await core.Barrier.RotateAsync(cancellationToken);
                return null;
            case "host-info" when op == Operation.Read:
                return Response.WithData(HostInfo.Collect(core.Clock.UtcNow));
            case "version-history/" when op == Operation.List:
                return Response.WithData(await VersionHistory.ReadAsync(core.Barrier, cancellationToken));
            case "replication/status" when op == Operation.Read:
                return Response.WithData(new JsonObject { ["dr"] = DisabledReplication(), ["performance"] = DisabledReplication() });
            case "replication/dr/status" or "replication/performance/status" when op == Operation.Read:
                return Response.WithData(DisabledReplication());
        }
        if (path.StartsWith("mounts/", StringComparison.Ordinal))
        {
            return await HandleMountAsync(request, NormalizeMountPath(path["mounts/".Length..]), cancellationToken);
        }
        throw CofferError.UnsupportedPath(request.Path);
    }

    private Response ListMounts()
    {
        var data = new JsonObject();
        foreach (var entry in core.Mounts.Entries.OrderBy(e => e.Path, StringComparer.Ordinal))
        {
            data[entry.Path] = entry.ToJson();
        }
        return Response.WithData(data);
    }

    private async Task<Response?> HandleMountAsync(Request request, string mountPath, CancellationToken cancellationToken)
    {
        if (mountPath == "/")
        {
            throw CofferError.BadRequest("missing mount path");
        }
        switch (request.Operation)
        {
            case Operation.Read:
                var entry = core.Mounts.Entries.FirstOrDefault(e => e.Path == mountPath);
                return entry is null ? throw CofferError.BadRequest($"No secret engine mount at {mountPath}") : Response.WithData(entry.ToJson());
            case Operation.Create or Operation.Update:
                await core.EnableMountAsync(ParseMount(mountPath, request.Data), cancellationToken);
                return null;
            case Operation.Delete:
                if (mountPath == "sys/")
                {
                    throw CofferError.BadRequest("cannot unmount \"sys/\"");
                }
                await core.DisableMountAsync(mountPath, cancellationToken);
                return null;
            default:
                throw CofferError.UnsupportedOperation();
        }
    }

    private MountEntry ParseMount(string mountPath, JsonObject data)
    {
        foreach (var reserved in ReservedPrefixes)
        {
            if (mountPath.StartsWith(reserved, StringComparison.Ordinal))
            {
                throw CofferError.BadRequest($"cannot mount under reserved path \"{reserved}\"");
            }
        }
        var type = LenientFields.GetString(data, "type");
        if (string.IsNullOrEmpty(type))
        {
            throw CofferError.BadRequest("backend type must be specified as a string");
        }
        var options = LenientFields.GetStringMap(data, "options") ?? new Dictionary<string, string>();
        if (type == "kv-v2")
        {
            type = "kv";
            options["version"] = "2";
        }
        var config = LenientFields.GetObject(data, "config") ?? new JsonObject();
        var defaultTtl = LenientFields.GetDurationSeconds(config, "default_lease_ttl") ?? 0;
        var maxTtl = LenientFields.GetDurationSeconds(config, "max_lease_ttl") ?? 0;
        if (defaultTtl > 0 && maxTtl > 0 && defaultTtl > maxTtl)
        {
            throw CofferError.BadRequest("default lease TTL cannot be larger than max lease TTL");
        }
        if (maxTtl > core.Options.MaxLeaseTtlSeconds)
        {
            throw CofferError.BadRequest("max lease TTL cannot be larger than the system max lease TTL");
        }
        if (type == "kv" && !options.ContainsKey("version"))
        {
            options["version"] = "1";
        }
        return MountTable.NewEntry(mountPath, type, LenientFields.GetString(data, "description") ?? "",
            LenientFields.GetBool(data, "local") ?? false, defaultTtl, maxTtl, options) with
        {
            SealWrap = LenientFields.GetBool(data, "seal_wrap") ?? false,
        };
    }

    private Response KeyStatus()
    {
        var term = core.Barrier.ActiveTerm;
        return Response.WithData(new JsonObject
        {
            ["term"] = term.Term,
            ["install_time"] = term.InstallTime.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ"),
            ["encryptions"] = core.Barrier.Encryptions,
        });
    }

    private static JsonObject DisabledReplication() => new() { ["mode"] = "disabled" };

    private static void RequireRoot(Request request)
    {
        if (request.Token is not { IsRoot: true })
        {
            throw CofferError.PermissionDenied();
        }
    }

    private static string NormalizeMountPath(string path)
    {
        path = path.Trim('/');
        return path + "/";
    }
}
