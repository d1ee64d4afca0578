using Coffer.Core.Access;
using Coffer.Core.Json;
using Coffer.Core.Routing;

namespace Coffer.Core.Auth.Token;

/// <summary>
/// The built-in <c>auth/token/</c> method (spec/vault-api.md §4.2): create, look up, renew and revoke tokens, list
/// accessors, manage token roles and tidy. The core authenticates the caller first and sets
/// <see cref="Request.Token"/> and <see cref="Request.CallerHasSudo"/>.
/// </summary>
public sealed class TokenBackend : ILogicalBackend
{
    public const string UrlTokenWarning =
        "Supplying the token in the URL path is deprecated: URLs end up in logs. Send it in the request body as \"token\" instead.";

    public const string TidyWarning =
        "Tidy operation successfully started. Any information from the operation will be printed to Vault's server logs.";

    private readonly TokenStore _store;
    private readonly TokenBackendOptions _options;
    private readonly TokenCreateHandler _create;
    private readonly TokenRoleHandler _roles;

    public TokenBackend(TokenStore store, TokenBackendOptions? options = null)
    {
        _store = store;
        _options = options ?? new TokenBackendOptions();
        _create = new TokenCreateHandler(store, _options);
        _roles = new TokenRoleHandler(store);
    }

    public bool IsSudoPath(string relativePath) =>
        relativePath.TrimEnd('/') is "revoke-orphan" or "accessors"
        || relativePath.StartsWith("revoke-orphan/", StringComparison.Ordinal)
        || relativePath.StartsWith("accessors/", StringComparison.Ordinal);

    public async Task<bool?> ExistsAsync(Request request, CancellationToken cancellationToken) =>
        RoleName(request.MountRelativePath) is { } name ? await _store.Roles.GetAsync(name, cancellationToken) is not null : null;

    public async Task<Response?> HandleAsync(Request request, CancellationToken cancellationToken)
    {
        var path = request.MountRelativePath;
        var op = request.Operation;
        var write = op is Operation.Create or Operation.Update;
        var (head, tail) = Split(path);
        switch (head)
        {
            case "create" or "create-orphan" when write && tail is null:
                return await _create.HandleAsync(request, null, head == "create-orphan", cancellationToken);
            case "create" when write && tail is not null && !tail.Contains('/'):
                return await _create.HandleAsync(request, tail, false, cancellationToken);
            case "lookup" when write || op == Operation.Read:
                return await LookupAsync(request, tail, cancellationToken);
            case "lookup-self" when (write || op == Operation.Read) && tail is null:
                return LookupData(request.ClientToken ?? "", await CallerAsync(request, cancellationToken) ?? throw BadToken());
            case "lookup-accessor" when write:
                var looked = await ByAccessorAsync(request, tail, cancellationToken);
                return LookupData("", looked);
            case "renew" when write:
                return await RenewAsync(TokenParam(request, tail), request, cancellationToken);
            case "renew-self" when write && tail is null:
                return await RenewSelfAsync(request, cancellationToken);
            case "renew-accessor" when write:
                var byAccessor = await ByAccessorAsync(request, tail, cancellationToken);
                return await RenewEntryAsync("", byAccessor, request, cancellationToken);
            case "revoke" when write:
                return await RevokeAsync(TokenParam(request, tail), cancellationToken);
            case "revoke-self" when write && tail is null:
                return await RevokeSelfAsync(request, cancellationToken);
            case "revoke-accessor" when write:
                await _store.RevokeAsync(await ByAccessorAsync(request, tail, cancellationToken), cancellationToken);
                return null;
            case "revoke-orphan" when write:
                return await RevokeOrphanAsync(request, tail, cancellationToken);
            case "accessors" when op == Operation.List && tail is null or "":
                return Response.ListOf(await AccessorsOfThisNamespaceAsync(cancellationToken));
            case "roles" when op == Operation.List && tail is null or "":
                return await _roles.ListAsync(cancellationToken);
            case "roles" when tail is { Length: > 0 } && !tail.Contains('/'):
                return await _roles.HandleAsync(request, tail, cancellationToken);
            case "tidy" when write && tail is null:
                await _store.TidyAsync(cancellationToken);
                var tidied = new Response();
                tidied.Warnings.Add(TidyWarning);
                return tidied;
        }
        if (IsKnown(head))
        {
            throw CofferError.UnsupportedOperation();
        }
        throw CofferError.UnsupportedPath(request.Path);
    }

    private async Task<Response> LookupAsync(Request request, string? tail, CancellationToken cancellationToken)
    {
        var token = TokenParam(request, tail);
        var entry = await FindAsync(token, cancellationToken) ?? throw BadToken();
        var response = LookupData(token, entry);
        if (!string.IsNullOrEmpty(tail))
        {
            response.Warnings.Add(UrlTokenWarning);
        }
        return response;
    }

    private async Task<Response> RenewAsync(string token, Request request, CancellationToken cancellationToken)
    {
        var entry = await FindAsync(token, cancellationToken) ?? throw CofferError.BadRequest("token not found");
        return await RenewEntryAsync(token, entry, request, cancellationToken);
    }

    private async Task<Response> RenewSelfAsync(Request request, CancellationToken cancellationToken)
    {
        var entry = await CallerAsync(request, cancellationToken) ?? throw CofferError.BadRequest("token not found");
        return await RenewEntryAsync(request.ClientToken ?? "", entry, request, cancellationToken);
    }

    private async Task<Response> RenewEntryAsync(string clientToken, TokenEntry entry, Request request, CancellationToken cancellationToken)
    {
        var increment = LenientFields.GetDurationSeconds(request.Data, "increment") ?? 0;
        var renewal = await _store.RenewAsync(entry, increment, cancellationToken);
        var response = new Response { Auth = _store.AuthBlock(clientToken, renewal.Entry) };
        response.Warnings.AddRange(renewal.Warnings);
        return response;
    }

    /// <summary>An unknown token is not an error (204), as in Vault: revoking is idempotent.</summary>
    private async Task<Response?> RevokeAsync(string token, CancellationToken cancellationToken)
    {
        if (await FindAsync(token, cancellationToken) is { } entry)
        {
            await _store.RevokeAsync(entry, cancellationToken);
        }
        return null;
    }

    private async Task<Response?> RevokeSelfAsync(Request request, CancellationToken cancellationToken)
    {
        if (await CallerAsync(request, cancellationToken) is { } entry)
        {
            await _store.RevokeAsync(entry, cancellationToken);
        }
        return null;
    }

    private async Task<Response?> RevokeOrphanAsync(Request request, string? tail, CancellationToken cancellationToken)
    {
        var token = TokenParam(request, tail);
        if (!request.CallerHasSudo && request.Token is not { IsRoot: true })
        {
            throw CofferError.BadRequest("root or sudo privileges required to revoke and orphan");
        }
        var entry = await FindAsync(token, cancellationToken) ?? throw CofferError.BadRequest("token to revoke not found");
        await _store.RevokeOrphanAsync(entry, cancellationToken);
        return null;
    }

    /// <summary>The caller's own entry: as the core resolved it (uses already counted), else looked up.</summary>
    private async Task<TokenEntry?> CallerAsync(Request request, CancellationToken cancellationToken) =>
        request.Token ?? (string.IsNullOrEmpty(request.ClientToken) ? null : await _store.LookupAsync(request.ClientToken, cancellationToken));

    private async Task<TokenEntry> ByAccessorAsync(Request request, string? tail, CancellationToken cancellationToken)
    {
        var accessor = string.IsNullOrEmpty(tail) ? LenientFields.GetString(request.Data, "accessor") ?? "" : tail;
        if (accessor.Length == 0)
        {
            throw CofferError.BadRequest("missing accessor");
        }
        return await _store.LookupByAccessorAsync(accessor, cancellationToken) is { } entry && InScope(entry)
            ? entry
            : throw CofferError.BadRequest("invalid accessor");
    }

    /// <summary>A working token this mount may act on, or null.</summary>
    private async Task<TokenEntry?> FindAsync(string token, CancellationToken cancellationToken) =>
        await _store.LookupAsync(token, cancellationToken) is { } entry && InScope(entry) ? entry : null;

    /// <summary>
    /// Tokens of this mount's namespace or one below it. Without this a namespace's administrator could look up,
    /// renew or revoke tokens of its parent namespaces (the root token included) through its own auth/token/.
    /// </summary>
    private bool InScope(TokenEntry entry)
    {
        if (entry.NamespaceId == _options.NamespaceId)
        {
            return true;
        }
        var mountNamespace = _options.NamespacePath?.Invoke(_options.NamespaceId);
        var tokenNamespace = _options.NamespacePath?.Invoke(entry.NamespaceId);
        return mountNamespace is not null && tokenNamespace is not null && tokenNamespace.StartsWith(mountNamespace, StringComparison.Ordinal);
    }

    private async Task<IReadOnlyList<string>> AccessorsOfThisNamespaceAsync(CancellationToken cancellationToken)
    {
        var accessors = new List<string>();
        foreach (var accessor in await _store.ListAccessorsAsync(cancellationToken))
        {
            if (await _store.LookupByAccessorAsync(accessor, cancellationToken) is { } entry && entry.NamespaceId == _options.NamespaceId)
            {
                accessors.Add(accessor);
            }
        }
        return accessors;
    }

    private Response LookupData(string id, TokenEntry entry)
    {
        var namespacePath = entry.NamespaceId == "root" ? null : _options.NamespacePath?.Invoke(entry.NamespaceId);
        return Response.WithData(TokenJson.LookupData(id, entry, _store.Clock.UtcNow, namespacePath));
    }

    /// <summary>The <c>token</c> parameter: from the URL (legacy <c>lookup/:token</c> forms) or the body.</summary>
    private static string TokenParam(Request request, string? tail)
    {
        var token = string.IsNullOrEmpty(tail) ? LenientFields.GetString(request.Data, "token") ?? "" : tail;
        return token.Length > 0 ? token : throw CofferError.BadRequest("missing token ID");
    }

    private static string? RoleName(string relativePath)
    {
        var (head, tail) = Split(relativePath);
        return head == "roles" && tail is { Length: > 0 } && !tail.Contains('/') ? tail : null;
    }

    private static (string Head, string? Tail) Split(string path)
    {
        var slash = path.IndexOf('/');
        return slash < 0 ? (path, null) : (path[..slash], path[(slash + 1)..]);
    }

    private static bool IsKnown(string head) => head is "create" or "create-orphan" or "lookup" or "lookup-self" or "lookup-accessor"
        or "renew" or "renew-self" or "renew-accessor" or "revoke" or "revoke-self" or "revoke-accessor" or "revoke-orphan"
        or "accessors" or "roles" or "tidy";

    private static CofferError BadToken() => new(System.Net.HttpStatusCode.Forbidden, "bad token");
}
