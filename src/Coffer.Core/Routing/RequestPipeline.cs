using Coffer.Core.Access;
using Coffer.Core.Audit;

namespace Coffer.Core.Routing;

/// <summary>
/// One request through the unsealed core, in DESIGN.md §5's order: namespace, mount, token, ACL, engine, then what
/// the answer needs (a token for a login).
/// </summary>
internal sealed class RequestPipeline(CofferCore core)
{
    public async Task<Response?> HandleAsync(Request request, CancellationToken cancellationToken)
    {
        var (ns, path) = core.Namespaces.Resolve(request.NamespaceHeader, request.Path);
        request.NamespaceId = ns.Id;
        request.Path = path;
        var mount = core.Mounts.Match(ns.Id, path) ?? throw CofferError.UnsupportedPath(path);
        request.MountRelativePath = path.Length > mount.Path.Length ? path[mount.Path.Length..] : "";
        var backend = core.Backends[mount.Uuid];
        var audited = AuditBroker.IsAudited(path);
        var audit = AuditContext.FromRequest(request, mount, ns.Path);
        try
        {
            if (!backend.IsUnauthenticated(request.MountRelativePath))
            {
                request.Token = await AuthenticateAsync(request.ClientToken, cancellationToken);
                audit = audit with { Auth = AuditAuth.FromToken(request.Token) };
                Authorize(request, backend);
            }
        }
        catch (CofferError denied) when (audited)
        {
            await core.Audit.LogRequestAsync(audit, denied, cancellationToken);
            throw;
        }
        if (audited)
        {
            await core.Audit.LogRequestAsync(audit, null, cancellationToken);
        }
        Response? response = null;
        Exception? failure = null;
        try
        {
            response = await backend.HandleAsync(request, cancellationToken);
            if (response is not null)
            {
                response.MountType = mount.Type;
            }
            return response;
        }
        catch (Exception error)
        {
            failure = error;
            throw;
        }
        finally
        {
            if (audited)
            {
                await core.Audit.LogResponseAsync(audit, response, failure, null, cancellationToken);
            }
        }
    }

    public async Task<TokenEntry> AuthenticateAsync(string? clientToken, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(clientToken))
        {
            throw CofferError.PermissionDenied();
        }
        return await core.Tokens.LookupAsync(clientToken, cancellationToken) ?? throw CofferError.PermissionDenied();
    }

    private static void Authorize(Request request, ILogicalBackend backend)
    {
        // Until policies land every token is a root token; the check keeps the shape the ACL will fill.
        if (request.Token is not { IsRoot: true })
        {
            throw CofferError.PermissionDenied();
        }
        request.CallerHasSudo = true;
        _ = backend.IsSudoPath(request.MountRelativePath);
    }
}
