using System.Text.Json.Nodes;
using Coffer.Core.Access;
using Coffer.Core.Routing;

namespace Coffer.Core.Engines.System;

/// <summary>
/// <c>sys/internal/ui/mounts</c> and its per-path form (also served as <c>sys/mounts-all/:path</c>): the preflight
/// the CLI's <c>kv</c> commands use to learn a mount's KV version. The path needs no token; the ACL check happens
/// here, and a caller without access gets the same 403 whether or not the mount exists.
/// </summary>
internal sealed class UiMountEndpoints(CofferCore core)
{
    public async Task<Response> ListAsync(Request request, CancellationToken cancellationToken)
    {
        var token = await CallerAsync(request, cancellationToken);
        var secret = new JsonObject();
        var auth = new JsonObject();
        foreach (var mount in core.Mounts.Entries.Where(m => m.NamespaceId == request.NamespaceId).OrderBy(m => m.Path, StringComparer.Ordinal))
        {
            // listing_visibility=unauth shows a mount to everyone; otherwise the caller's policies must reach it.
            var listed = mount.ListingVisibility == "unauth" || (token is not null && await CanReachAsync(token, mount, cancellationToken));
            if (!listed)
            {
                continue;
            }
            // Without a token only what a login page needs is shown.
            var info = token is not null
                ? mount.ToJson()
                : new JsonObject { ["type"] = mount.Type, ["description"] = mount.Description, ["options"] = mount.OptionsJson() };
            if (mount.IsAuth)
            {
                auth[mount.Path["auth/".Length..]] = info;
            }
            else
            {
                secret[mount.Path] = info;
            }
        }
        return Response.WithData(new JsonObject { ["secret"] = secret, ["auth"] = auth });
    }

    public async Task<Response> MountOfAsync(Request request, string path, CancellationToken cancellationToken)
    {
        path = path.Trim('/');
        if (path.Length == 0)
        {
            throw CofferError.BadRequest("path not set");
        }
        path += "/";
        var token = await CallerAsync(request, cancellationToken);
        // The path may lead into a child namespace (ns1/secret/foo): the mount is looked up in the namespace it names.
        var here = core.Namespaces.ById(request.NamespaceId) ?? Access.Namespaces.NamespaceEntry.Root;
        var (owner, inOwner) = core.Namespaces.Resolve(here.Path, path);
        var mount = core.Mounts.Match(owner.Id, inOwner);
        if (token is null || mount is null || !await CanReachAsync(token, mount, cancellationToken))
        {
            throw new CofferError(global::System.Net.HttpStatusCode.Forbidden,
                $"preflight capability check returned 403, please ensure client's policies grant access to path \"{path}\"");
        }
        var data = mount.ToJson();
        data["path"] = owner.Path[here.Path.Length..] + mount.Path;
        return Response.WithData(data);
    }

    private async Task<TokenEntry?> CallerAsync(Request request, CancellationToken cancellationToken) =>
        string.IsNullOrEmpty(request.ClientToken) ? null : await core.Tokens.LookupAsync(request.ClientToken, cancellationToken);

    private async Task<bool> CanReachAsync(TokenEntry token, MountEntry mount, CancellationToken cancellationToken)
    {
        var scoped = await ScopedAcl.ForAsync(core, token, core.Namespaces.ById(mount.NamespaceId), cancellationToken);
        return scoped is not null && scoped.Acl.HasMountAccess(scoped.PathPrefix + mount.Path);
    }
}
