using System.Text.Json.Nodes;
using Coffer.Core.Access.Policies;
using Coffer.Core.Json;
using Coffer.Core.Routing;

namespace Coffer.Core.Engines.System;

/// <summary>The logical (enveloped) <c>sys/</c> endpoints. Raw ones such as init and health live in the HTTP layer.</summary>
public sealed class SystemBackend(CofferCore core) : ILogicalBackend
{
    private static readonly HashSet<string> UnauthenticatedPaths =
        ["replication/status", "replication/dr/status", "replication/performance/status", "wrapping/lookup"];

    private static readonly string[] SudoPrefixes = ["auth/", "rotate", "key-status", "audit/", "seal", "raw", AuditedHeaderEndpoints.Prefix];

    private readonly MountEndpoints _mounts = new(core);
    private readonly NamespaceEndpoints _namespaces = new(core);
    private readonly AuditEndpoints _audit = new(core);
    private readonly AuditedHeaderEndpoints _auditedHeaders = new(core);
    private readonly UiMountEndpoints _uiMounts = new(core);
    private readonly RemountEndpoints _remount = new(core);
    private readonly LeaseEndpoints _leases = new(core);
    private readonly ReplicationEndpoints _replication = new(core);
    private readonly GenerateRootEndpoints _generateRoot = new(core);
    private readonly PolicyEndpoints _policies = new(core.Policies,
        async token => HolderOf(await core.Tokens.LookupAsync(token)),
        async accessor => HolderOf(await core.Tokens.LookupByAccessorAsync(accessor)),
        (queryNamespace, holderNamespace) => core.Namespaces.ById(queryNamespace) is { } query &&
                                             core.Namespaces.ById(holderNamespace) is { } holder &&
                                             query.Path.StartsWith(holder.Path, StringComparison.Ordinal)
            ? query.Path[holder.Path.Length..]
            : null);

    public bool IsUnauthenticated(string relativePath) =>
        UnauthenticatedPaths.Contains(relativePath) || relativePath.StartsWith("internal/ui/mounts", StringComparison.Ordinal) ||
        relativePath.StartsWith("mounts-all/", StringComparison.Ordinal) ||
        DrSecondaryEndpoints.IsOperationTokenPath(relativePath) ||
        DrOperationTokenEndpoints.Handles(relativePath) ||
        GenerateRootEndpoints.Handles(relativePath);

    public bool IsSudoPath(string relativePath) =>
        relativePath == "audit" || relativePath == "remount" ||
        SudoPrefixes.Any(prefix => relativePath.StartsWith(prefix, StringComparison.Ordinal)) || LeaseEndpoints.IsSudoPath(relativePath) ||
        ReplicationEndpoints.IsSudoPath(relativePath);

    public async Task<Response?> HandleAsync(Request request, CancellationToken cancellationToken)
    {
        var path = request.MountRelativePath;
        var op = request.Operation;
        switch (path)
        {
            case "mounts" when op == Operation.Read:
                return _mounts.List(request, auth: false);
            case "auth" when op == Operation.Read:
                return _mounts.List(request, auth: true);
            case "key-status" when op == Operation.Read:
                RequireRootNamespace(request);
                return KeyStatus();
            case "rotate" when op is Operation.Update or Operation.Create:
                RequireRootNamespace(request);
                await core.Barrier.RotateAsync(cancellationToken);
                return null;
            case "host-info" when op == Operation.Read:
                RequireRootNamespace(request);
                return Response.WithData(HostInfo.Collect(core.Clock.UtcNow));
            case "version-history/" when op == Operation.List:
                return Response.WithData(await VersionHistory.ReadAsync(core.Barrier, cancellationToken));
            case "audit" when op == Operation.Read:
                RequireRootNamespace(request);
                return _audit.List();
            case "remount" when op is Operation.Update or Operation.Create:
                return _remount.Remount(request);
            case "namespaces" or "namespaces/":
                return await _namespaces.HandleAsync(request, "", cancellationToken);
        }
        if (op == Operation.Read && path == "internal/ui/mounts")
        {
            return await _uiMounts.ListAsync(request, cancellationToken);
        }
        if (op == Operation.Read && path.StartsWith("internal/ui/mounts/", StringComparison.Ordinal))
        {
            return await _uiMounts.MountOfAsync(request, path["internal/ui/mounts/".Length..], cancellationToken);
        }
        if (op == Operation.Read && path.StartsWith("mounts-all/", StringComparison.Ordinal))
        {
            return await _uiMounts.MountOfAsync(request, path["mounts-all/".Length..], cancellationToken);
        }
        if (op == Operation.Read && path.StartsWith("remount/status/", StringComparison.Ordinal))
        {
            return _remount.Status(path["remount/status/".Length..]);
        }
        if (PolicyEndpoints.Handles(path))
        {
            return await _policies.HandleAsync(path, op, request.Data, request.NamespaceId,
                HolderOf(request.Token) ?? new PolicyHolder(null, []), cancellationToken);
        }
        if (GenerateRootEndpoints.Handles(path))
        {
            return await _generateRoot.HandleAsync(request, cancellationToken);
        }
        if (ReplicationEndpoints.Handles(path))
        {
            return await _replication.HandleAsync(request, cancellationToken);
        }
        if (LeaseEndpoints.Handles(path))
        {
            return await _leases.HandleAsync(request, cancellationToken);
        }
        if (path.StartsWith("wrapping/", StringComparison.Ordinal))
        {
            return await core.Wrapping.HandleAsync(request, path["wrapping/".Length..], cancellationToken);
        }
        if (path.StartsWith("mounts/", StringComparison.Ordinal))
        {
            return await _mounts.HandleAsync(request, NormalizeMountPath(path["mounts/".Length..]), auth: false, cancellationToken);
        }
        if (path.StartsWith("auth/", StringComparison.Ordinal))
        {
            return await _mounts.HandleAsync(request, NormalizeMountPath(path["auth/".Length..]), auth: true, cancellationToken);
        }
        if (path.StartsWith("audit/", StringComparison.Ordinal))
        {
            RequireRootNamespace(request);
            return await _audit.HandleDeviceAsync(request, NormalizeMountPath(path["audit/".Length..]), cancellationToken);
        }
        if (AuditedHeaderEndpoints.Handles(path))
        {
            RequireRootNamespace(request);
            return await _auditedHeaders.HandleAsync(request, path, cancellationToken);
        }
        if (path.StartsWith("audit-hash/", StringComparison.Ordinal))
        {
            RequireRootNamespace(request);
            return await _audit.HashAsync(request, NormalizeMountPath(path["audit-hash/".Length..]), cancellationToken);
        }
        if (path.StartsWith("namespaces/", StringComparison.Ordinal))
        {
            return await _namespaces.HandleAsync(request, path["namespaces/".Length..].Trim('/'), cancellationToken);
        }
        throw CofferError.UnsupportedPath(request.Path);
    }

    /// <summary>A token's policies are read in the namespace it was created in, wherever it is used.</summary>
    private static PolicyHolder? HolderOf(Access.TokenEntry? token) => token is null ? null : new PolicyHolder(token.NamespaceId, token.Policies);

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

    /// <summary>Cluster-wide operations exist only in the root namespace.</summary>
    private static void RequireRootNamespace(Request request)
    {
        if (request.NamespaceId != "root")
        {
            throw CofferError.UnsupportedPath("sys/" + request.MountRelativePath);
        }
    }

    private static string NormalizeMountPath(string path) => path.Trim('/') + "/";
}
