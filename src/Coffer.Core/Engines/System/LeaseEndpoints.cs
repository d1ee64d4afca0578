using System.Net;
using System.Text.Json.Nodes;
using Coffer.Core.Access;
using Coffer.Core.Json;
using Coffer.Core.Leases;
using Coffer.Core.Routing;

namespace Coffer.Core.Engines.System;

/// <summary>
/// <c>sys/leases/*</c> with the legacy aliases <c>sys/renew</c>, <c>sys/revoke</c>, <c>sys/revoke-prefix</c> and
/// <c>sys/revoke-force</c> (spec/vault-api.md §7). Translates requests; the lease manager decides.
/// </summary>
internal sealed class LeaseEndpoints(CofferCore core)
{
    private const string TidyWarning =
        "Tidy operation successfully started. Any information from the operation will be printed to Vault's server logs.";

    /// <summary>Vault's sudo paths among these: prefix and force revocation, listing, and the irrevocable list.</summary>
    public static bool IsSudoPath(string path) =>
        path == "leases" || path.StartsWith("leases/lookup/", StringComparison.Ordinal) ||
        StripLeasesPrefix(path) is var rest && (rest.StartsWith("revoke-prefix/", StringComparison.Ordinal) ||
                                                rest.StartsWith("revoke-force/", StringComparison.Ordinal));

    public static bool Handles(string path) =>
        path == "leases" || path.StartsWith("leases/", StringComparison.Ordinal) ||
        path is "renew" or "revoke" || path.StartsWith("renew/", StringComparison.Ordinal) ||
        path.StartsWith("revoke/", StringComparison.Ordinal) || path.StartsWith("revoke-prefix/", StringComparison.Ordinal) ||
        path.StartsWith("revoke-force/", StringComparison.Ordinal);

    public async Task<Response?> HandleAsync(Request request, CancellationToken cancellationToken)
    {
        var path = request.MountRelativePath;
        var op = request.Operation;
        var write = op is Operation.Update or Operation.Create;
        switch (path)
        {
            case "leases" when op == Operation.Read:
                return ListIrrevocable(request);
            case "leases/count" when op == Operation.Read:
                return CountIrrevocable(request);
            case "leases/lookup" when write:
                return Lookup(request, LeaseIdOf(request, ""));
            case "leases/tidy" when write:
                var tidy = new Response { StatusCode = (int)HttpStatusCode.Accepted };
                await core.Leases.TidyAsync(cancellationToken);
                tidy.Warnings.Add(TidyWarning);
                return tidy;
        }
        if (op == Operation.List && path.StartsWith("leases/lookup/", StringComparison.Ordinal))
        {
            return ListKeys(request, path["leases/lookup/".Length..]);
        }
        var rest = StripLeasesPrefix(path);
        if (!write || path is "leases" or "leases/count")
        {
            // An endpoint that exists but not for this operation is 405, as in Vault; anything else is no route.
            throw IsEndpoint(path, rest) ? CofferError.UnsupportedOperation() : CofferError.UnsupportedPath(request.Path);
        }
        if (rest == "renew" || rest.StartsWith("renew/", StringComparison.Ordinal))
        {
            var increment = LenientFields.GetDurationSeconds(request.Data, "increment") ?? 0;
            return await core.Leases.RenewAsync(LeaseIdOf(request, UrlPart(rest, "renew")), request.NamespaceId, increment, cancellationToken);
        }
        if (rest == "revoke" || rest.StartsWith("revoke/", StringComparison.Ordinal))
        {
            return await RevokeAsync(request, LeaseIdOf(request, UrlPart(rest, "revoke")), cancellationToken);
        }
        if (rest.StartsWith("revoke-prefix/", StringComparison.Ordinal))
        {
            return await RevokePrefixAsync(request, rest["revoke-prefix/".Length..], force: false, Sync(request), cancellationToken);
        }
        if (rest.StartsWith("revoke-force/", StringComparison.Ordinal))
        {
            return await RevokePrefixAsync(request, rest["revoke-force/".Length..], force: true, sync: true, cancellationToken);
        }
        throw CofferError.UnsupportedPath(request.Path);
    }

    private static bool IsEndpoint(string path, string rest) =>
        path is "leases" or "leases/count" or "leases/lookup" or "leases/tidy" ||
        rest is "renew" or "revoke" || rest.StartsWith("renew/", StringComparison.Ordinal) ||
        rest.StartsWith("revoke/", StringComparison.Ordinal) || rest.StartsWith("revoke-prefix/", StringComparison.Ordinal) ||
        rest.StartsWith("revoke-force/", StringComparison.Ordinal);

    /// <summary><c>leases/renew/x</c> and <c>renew/x</c> are the same endpoint.</summary>
    private static string StripLeasesPrefix(string path) =>
        path.StartsWith("leases/", StringComparison.Ordinal) ? path["leases/".Length..] : path;

    /// <summary>The lease id in the URL after <c>&lt;action&gt;/</c>, or empty.</summary>
    private static string UrlPart(string rest, string action) => rest.Length > action.Length ? rest[(action.Length + 1)..] : "";

    /// <summary>The body's <c>lease_id</c> wins over the one in the URL; neither is a 400.</summary>
    private static string LeaseIdOf(Request request, string fromUrl)
    {
        var leaseId = LenientFields.GetString(request.Data, "lease_id");
        if (string.IsNullOrEmpty(leaseId))
        {
            leaseId = fromUrl;
        }
        return string.IsNullOrEmpty(leaseId) ? throw CofferError.BadRequest("lease_id must be specified") : leaseId;
    }

    /// <summary><c>sync</c> defaults to true, as in Vault's current server.</summary>
    private static bool Sync(Request request) => LenientFields.GetBool(request.Data, "sync") ?? true;

    private async Task<Response?> RevokeAsync(Request request, string leaseId, CancellationToken cancellationToken)
    {
        var visible = Visible(request, core.Leases.Find(leaseId));
        if (Sync(request))
        {
            if (visible)
            {
                await core.Leases.RevokeAsync(leaseId, force: false, cancellationToken);
            }
            return null;
        }
        if (visible)
        {
            await core.Leases.LazyRevokeAsync(leaseId, cancellationToken);
        }
        return new Response { StatusCode = (int)HttpStatusCode.Accepted };
    }

    /// <summary>Also revokes the tokens issued under the prefix: their leases share Vault's lease id space.</summary>
    private async Task<Response?> RevokePrefixAsync(Request request, string prefix, bool force, bool sync, CancellationToken cancellationToken)
    {
        if (prefix.Length == 0)
        {
            throw CofferError.UnsupportedPath(request.Path);
        }
        await core.Leases.RevokePrefixAsync(request.NamespaceId, prefix, force, sync, cancellationToken);
        await core.Tokens.RevokeIssuedUnderAsync(request.NamespaceId, prefix.EndsWith('/') ? prefix : prefix + "/", cancellationToken);
        return sync ? null : new Response { StatusCode = (int)HttpStatusCode.Accepted };
    }

    private Response Lookup(Request request, string leaseId)
    {
        var entry = core.Leases.Find(leaseId);
        if (!Visible(request, entry))
        {
            throw CofferError.BadRequest("invalid lease");
        }
        var now = core.Clock.UtcNow;
        var data = new JsonObject
        {
            ["expire_time"] = TokenTime.Rfc3339(entry!.ExpireTime),
            ["id"] = entry.LeaseId,
            ["issue_time"] = TokenTime.Rfc3339(entry.IssueTime),
            ["last_renewal"] = entry.LastRenewalTime is { } renewed ? TokenTime.Rfc3339(renewed) : null,
            ["renewable"] = entry.Renewable && !entry.Irrevocable && !entry.HasExpired(now),
            ["ttl"] = Math.Max(0, (long)Math.Floor((entry.ExpireTime - now).TotalSeconds)),
        };
        if (entry.RevokeFailures > 0)
        {
            // Not in Vault's lookup, which hides these in the server log: an operator should see why a lease lingers.
            data["revoke_failures"] = entry.RevokeFailures;
            data["revoke_error"] = entry.LastRevokeError;
            data["irrevocable"] = entry.Irrevocable;
        }
        return Response.WithData(data);
    }

    /// <summary>The next path segments under a prefix, as a storage list of <c>sys/expire/id/</c> would show them.</summary>
    private Response ListKeys(Request request, string prefix)
    {
        if (prefix.Length > 0 && !prefix.EndsWith('/'))
        {
            prefix += "/";
        }
        var keys = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var entry in core.Leases.Snapshot())
        {
            if (entry.NamespaceId != request.NamespaceId || !entry.LeaseId.StartsWith(prefix, StringComparison.Ordinal))
            {
                continue;
            }
            var rest = entry.LeaseId[prefix.Length..];
            var slash = rest.IndexOf('/');
            keys.Add(slash < 0 ? rest : rest[..(slash + 1)]);
        }
        return Response.ListOf(keys);
    }

    private Response? CountIrrevocable(Request request)
    {
        if (!WantsIrrevocable(request))
        {
            return null;
        }
        var counts = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var matching = IrrevocableIn(request).ToList();
        foreach (var entry in matching)
        {
            counts[MountAccessorOf(entry)] = counts.GetValueOrDefault(MountAccessorOf(entry)) + 1;
        }
        var byMount = new JsonObject();
        foreach (var (accessor, count) in counts)
        {
            byMount[accessor] = count;
        }
        return Response.WithData(new JsonObject { ["counts"] = byMount, ["lease_count"] = matching.Count });
    }

    private Response? ListIrrevocable(Request request)
    {
        if (!WantsIrrevocable(request))
        {
            return null;
        }
        var limitText = LenientFields.GetString(request.Data, "limit") ?? "";
        var limit = 10000;
        if (limitText.Equals("none", StringComparison.OrdinalIgnoreCase))
        {
            limit = int.MaxValue;
        }
        else if (limitText.Length > 0 && (!int.TryParse(limitText, out limit) || limit < 1))
        {
            throw CofferError.BadRequest("limit must be 'none' or a positive integer");
        }
        var matching = IrrevocableIn(request).OrderBy(e => e.ExpireTime).ThenBy(e => e.LeaseId, StringComparer.Ordinal).ToList();
        var leases = new JsonArray(matching.Take(limit).Select(e => (JsonNode)new JsonObject
        {
            ["error"] = e.LastRevokeError,
            ["lease_id"] = e.LeaseId,
            ["mount_id"] = MountAccessorOf(e),
        }).ToArray());
        var response = Response.WithData(new JsonObject { ["lease_count"] = leases.Count, ["leases"] = leases });
        if (matching.Count > limit)
        {
            response.Warnings.Add("Command halted because many irrevocable leases were found. To emit the entire list, re-run the command with force set true.");
        }
        return response;
    }

    private static bool WantsIrrevocable(Request request) =>
        string.Equals(LenientFields.GetString(request.Data, "type"), "irrevocable", StringComparison.OrdinalIgnoreCase);

    private IEnumerable<LeaseEntry> IrrevocableIn(Request request)
    {
        var children = LenientFields.GetBool(request.Data, "include_child_namespaces") ?? false;
        return core.Leases.Snapshot().Where(e => e.Irrevocable &&
            (e.NamespaceId == request.NamespaceId || (children && IsBelow(e.NamespaceId, request.NamespaceId))));
    }

    private string MountAccessorOf(LeaseEntry entry) =>
        core.Mounts.FindByUuid(entry.MountUuid)?.Accessor ?? "mount-accessor-not-found";

    /// <summary>A lease is managed from its own namespace or from any namespace above it.</summary>
    private bool Visible(Request request, LeaseEntry? entry) =>
        entry is not null && (entry.NamespaceId == request.NamespaceId || IsBelow(entry.NamespaceId, request.NamespaceId));

    private bool IsBelow(string namespaceId, string ancestorId) =>
        core.Namespaces.ById(namespaceId) is { } ns && core.Namespaces.ById(ancestorId) is { } ancestor &&
        ns.Path.StartsWith(ancestor.Path, StringComparison.Ordinal) && ns.Path.Length > ancestor.Path.Length;
}
