using Coffer.Core.Access;
using Coffer.Core.Access.Namespaces;
using Coffer.Core.Audit;
using Coffer.Core.Engines.System;

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
        ns = await OwnNamespaceForSelfPathsAsync(request, ns, path, cancellationToken);
        request.NamespaceId = ns.Id;
        request.Path = path;
        var mount = core.Mounts.Match(ns.Id, path);
        if (mount is null)
        {
            var refusal = await UnroutableAsync(request, ns, cancellationToken);
            if (AuditBroker.IsAudited(path))
            {
                // A probe of unmounted paths is as much an operator's business as a denied read of a mounted one.
                await core.Audit.LogRequestAsync(AuditContext.FromRequest(request, core.Audit.Headers, null, ns.Path), refusal, cancellationToken);
            }
            throw refusal;
        }
        request.MountRelativePath = path.Length > mount.Path.Length ? path[mount.Path.Length..] : "";
        var backend = core.Backends[mount.Uuid];
        var audited = AuditBroker.IsAudited(path);
        var audit = AuditContext.FromRequest(request, core.Audit.Headers, mount, ns.Path);
        try
        {
            if (!backend.IsUnauthenticated(request.MountRelativePath))
            {
                request.Token = await AuthenticateCallerAsync(request, mount, cancellationToken);
                audit = audit with { Auth = AuditAuth.FromToken(request.Token) };
                await AuthorizeAsync(request, ns, backend, cancellationToken);
                audit = audit with { Operation = request.Operation };
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
                await IssueLoginTokenAsync(request, mount, response, cancellationToken);
                await core.Leases.RegisterAsync(request, mount, response, cancellationToken);
                response = await WrapIfAskedAsync(request, response, cancellationToken);
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
            try
            {
                if (audited)
                {
                    await core.Audit.LogResponseAsync(audit, response, failure, null, cancellationToken);
                }
            }
            finally
            {
                await core.Tokens.FinishRequestAsync(request.Token, cancellationToken);
            }
        }
    }

    /// <summary>
    /// The token's own <c>-self</c> endpoints and <c>sys/wrapping/*</c> mean nothing outside the namespace the token
    /// lives in, so, as Vault does, they are served there whichever namespace the request named: a wrapping token
    /// made in <c>ns1/</c> unwraps from the root namespace instead of being spent on a 403.
    /// </summary>
    private async Task<NamespaceEntry> OwnNamespaceForSelfPathsAsync(Request request, NamespaceEntry ns, string path,
        CancellationToken cancellationToken)
    {
        if (path is not ("auth/token/lookup-self" or "auth/token/renew-self" or "auth/token/revoke-self" or
            "sys/wrapping/lookup" or "sys/wrapping/rewrap" or "sys/wrapping/unwrap"))
        {
            return ns;
        }
        var token = await core.Tokens.LookupAsync(request.ClientToken ?? "", cancellationToken);
        return token is not null && token.NamespaceId != ns.Id && core.Namespaces.ById(token.NamespaceId) is { } own ? own : ns;
    }

    /// <summary>
    /// The error for a path no mount serves: 404 only for a caller whose policies reach the path, otherwise the 403 a
    /// mounted path would give, so the answer does not tell anyone else which mounts exist (Vault checks the token
    /// before it routes).
    /// </summary>
    private async Task<CofferError> UnroutableAsync(Request request, NamespaceEntry ns, CancellationToken cancellationToken)
    {
        var token = await core.Tokens.LookupAsync(request.ClientToken ?? "", cancellationToken);
        var scoped = token is null ? null : await ScopedAcl.ForAsync(core, token, ns, cancellationToken);
        return scoped is not null && scoped.Acl.Check(scoped.PathPrefix + request.Path, request.Operation, request.Data).Allowed
            ? CofferError.UnsupportedPath(request.Path)
            : CofferError.PermissionDenied();
    }

    /// <summary>
    /// The caller's token, or 403. Unwrapping with the wrapping token itself is the exception Vault makes: a used or
    /// expired wrapping token there is 400 "not valid", so its holder learns the response is gone.
    /// </summary>
    private async Task<TokenEntry> AuthenticateCallerAsync(Request request, MountEntry mount, CancellationToken cancellationToken)
    {
        try
        {
            return await core.Tokens.AuthenticateAsync(request.ClientToken, request.RemoteAddress, cancellationToken);
        }
        catch (CofferError) when (mount.Type == "system" && request.MountRelativePath == "wrapping/unwrap" &&
                                  !string.IsNullOrEmpty(request.ClientToken) && request.Data["token"] is null)
        {
            throw WrappingEndpoints.InvalidToken();
        }
    }

    /// <summary>A login handler says who the caller is; the token store turns that into a token.</summary>
    private async Task IssueLoginTokenAsync(Request request, MountEntry mount, Response response, CancellationToken cancellationToken)
    {
        if (response.Login is not { } login)
        {
            return;
        }
        var issued = await core.Tokens.IssueForLoginAsync(login, mount.Path, request.Path, request.NamespaceId,
            mount.DefaultLeaseTtlSeconds, mount.MaxLeaseTtlSeconds, cancellationToken);
        response.Auth = core.Tokens.AuthBlock(issued);
        response.Warnings.AddRange(issued.Warnings);
    }

    /// <summary>With <c>X-Vault-Wrap-TTL</c>, the caller gets a single-use token that unwraps to this response.</summary>
    private async Task<Response> WrapIfAskedAsync(Request request, Response response, CancellationToken cancellationToken)
    {
        if (request.WrapTtl is not { } ttl || response.WrapInfo is not null || response.RawEnvelope is not null)
        {
            return response;
        }
        var envelope = ResponseEnvelope.Build(request, response, injectTopLevel: false);
        var wrappedAccessor = response.Auth?["accessor"]?.GetValue<string>();
        var wrapInfo = await core.Wrapping.WrapAsync(envelope, ttl, request.Path, request.NamespaceId, wrappedAccessor, cancellationToken);
        return new Response { WrapInfo = wrapInfo, MountType = response.MountType };
    }

    public async Task<TokenEntry> AuthenticateAsync(string? clientToken, CancellationToken cancellationToken) =>
        await core.Tokens.LookupAsync(clientToken ?? "", cancellationToken) is { } token && !string.IsNullOrEmpty(clientToken)
            ? token
            : throw CofferError.PermissionDenied();

    /// <summary>
    /// Decides create versus update by the engine's existence check, then asks the token's ACL as seen from the
    /// request's namespace.
    /// </summary>
    private async Task AuthorizeAsync(Request request, NamespaceEntry ns, ILogicalBackend backend, CancellationToken cancellationToken)
    {
        var scoped = await ScopedAcl.ForAsync(core, request.Token!, ns, cancellationToken) ?? throw CofferError.PermissionDenied();
        if (request.Operation == Operation.Update && await backend.ExistsAsync(request, cancellationToken) == false)
        {
            request.Operation = Operation.Create;
        }
        var decision = scoped.Acl.Check(scoped.PathPrefix + request.Path, request.Operation, request.Data, backend.IsSudoPath(request.MountRelativePath), request.WrapTtl);
        if (!decision.Allowed)
        {
            throw CofferError.PermissionDenied();
        }
        request.CallerHasSudo = decision.RootPrivileges;
    }
}
