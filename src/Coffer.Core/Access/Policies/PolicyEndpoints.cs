using System.Text.Json.Nodes;
using Coffer.Core.Json;
using Coffer.Core.Routing;

namespace Coffer.Core.Access.Policies;

/// <summary>
/// The <c>sys/</c> endpoints for policies and capability queries (spec §3.6, §3.10), free of HTTP: paths are
/// relative to <c>sys/</c>, results are <see cref="Response"/>s, and null means 204 for writes and 404 for reads.
/// The caller has already done the ACL check for the request itself; copying <c>data</c> to the top level for the
/// legacy routes (<c>sys/policy*</c>, <c>sys/capabilities*</c>) is the HTTP layer's job.
/// </summary>
public sealed class PolicyEndpoints
{
    private const string LegacyPrefix = "policy/";
    private const string AclPrefix = "policies/acl/";

    private readonly PolicyStore _store;
    private readonly Func<string, Task<PolicyHolder?>> _holderOfToken;
    private readonly Func<string, Task<PolicyHolder?>> _holderOfAccessor;
    private readonly Func<string, string, string?> _pathBelow;

    /// <param name="store">The policies.</param>
    /// <param name="policiesOfToken">Resolves a token to its effective policy names, or null when it is not valid.</param>
    /// <param name="policiesOfAccessor">Resolves a token accessor likewise.</param>
    public PolicyEndpoints(
        PolicyStore store,
        Func<string, Task<IReadOnlyList<string>?>> policiesOfToken,
        Func<string, Task<IReadOnlyList<string>?>> policiesOfAccessor)
        : this(store,
            async token => await policiesOfToken(token) is { } policies ? new PolicyHolder(null, policies) : null,
            async accessor => await policiesOfAccessor(accessor) is { } policies ? new PolicyHolder(null, policies) : null,
            (queryNamespace, holderNamespace) => queryNamespace == holderNamespace ? "" : null)
    {
    }

    /// <param name="store">The policies.</param>
    /// <param name="holderOfToken">Resolves a token to its policies and namespace, or null when it is not valid.</param>
    /// <param name="holderOfAccessor">Resolves a token accessor likewise.</param>
    /// <param name="pathBelow">
    /// Given the query's namespace id and the policy holder's, the query namespace's path relative to the holder's
    /// (<c>""</c> when they are the same), or null when the query namespace is not inside the holder's.
    /// </param>
    public PolicyEndpoints(
        PolicyStore store,
        Func<string, Task<PolicyHolder?>> holderOfToken,
        Func<string, Task<PolicyHolder?>> holderOfAccessor,
        Func<string, string, string?> pathBelow)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(holderOfToken);
        ArgumentNullException.ThrowIfNull(holderOfAccessor);
        ArgumentNullException.ThrowIfNull(pathBelow);
        _store = store;
        _holderOfToken = holderOfToken;
        _holderOfAccessor = holderOfAccessor;
        _pathBelow = pathBelow;
    }

    /// <summary>Whether <see cref="HandleAsync"/> serves this path below <c>sys/</c>.</summary>
    public static bool Handles(string relativePath) =>
        relativePath is "policy" or "policy/" or "policies/acl" or "policies/acl/" or "capabilities" or
            "capabilities-self" or "capabilities-accessor" or "internal/ui/resultant-acl" ||
        (relativePath.StartsWith(LegacyPrefix, StringComparison.Ordinal) && relativePath.Length > LegacyPrefix.Length) ||
        (relativePath.StartsWith(AclPrefix, StringComparison.Ordinal) && relativePath.Length > AclPrefix.Length);

    /// <param name="relativePath">The path below <c>sys/</c>, e.g. <c>policies/acl/admin</c>.</param>
    /// <param name="callerPolicies">The caller's effective policy names (for <c>capabilities-self</c> and <c>resultant-acl</c>).</param>
    /// <exception cref="CofferError">400 for bad input, 404 for an unknown path, 405 for an unsupported operation.</exception>
    public Task<Response?> HandleAsync(
        string relativePath, Operation operation, JsonObject data, string namespaceId,
        IReadOnlyList<string> callerPolicies, CancellationToken cancellationToken) =>
        HandleAsync(relativePath, operation, data, namespaceId, new PolicyHolder(null, callerPolicies), cancellationToken);

    /// <param name="relativePath">The path below <c>sys/</c>, e.g. <c>policies/acl/admin</c>.</param>
    /// <param name="caller">The caller's policies and the namespace they come from (for <c>capabilities-self</c> and <c>resultant-acl</c>).</param>
    /// <exception cref="CofferError">400 for bad input, 404 for an unknown path, 405 for an unsupported operation.</exception>
    public async Task<Response?> HandleAsync(
        string relativePath, Operation operation, JsonObject data, string namespaceId,
        PolicyHolder caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(relativePath);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(caller);
        var isWrite = operation is Operation.Create or Operation.Update;
        switch (relativePath)
        {
            case "policy" or "policy/" when operation is Operation.Read or Operation.List:
                return await ListAsync(namespaceId, legacy: true, cancellationToken);
            case "policies/acl" or "policies/acl/" when operation is Operation.List:
                return await ListAsync(namespaceId, legacy: false, cancellationToken);
            case "policy" or "policy/" or "policies/acl" or "policies/acl/":
                throw CofferError.UnsupportedOperation();
            case "capabilities-self" when isWrite:
                return await CapabilitiesAsync(data, namespaceId, caller, cancellationToken);
            case "capabilities" when isWrite:
                return await CapabilitiesAsync(data, namespaceId,
                    await ResolveAsync(data, "token", "no token found", "invalid token", _holderOfToken), cancellationToken);
            case "capabilities-accessor" when isWrite:
                return await CapabilitiesAsync(data, namespaceId,
                    await ResolveAsync(data, "accessor", "missing accessor", "invalid accessor", _holderOfAccessor), cancellationToken);
            case "capabilities" or "capabilities-self" or "capabilities-accessor":
                throw CofferError.UnsupportedOperation();
            case "internal/ui/resultant-acl" when operation == Operation.Read:
                return Response.WithData((await _store.AclForAsync(caller.NamespaceId ?? namespaceId, caller.Policies, cancellationToken)).ToResultantAcl());
            case "internal/ui/resultant-acl":
                throw CofferError.UnsupportedOperation();
        }
        if (relativePath.StartsWith(LegacyPrefix, StringComparison.Ordinal) && relativePath.Length > LegacyPrefix.Length)
        {
            return await PolicyAsync(relativePath[LegacyPrefix.Length..], operation, data, namespaceId, legacy: true, cancellationToken);
        }
        if (relativePath.StartsWith(AclPrefix, StringComparison.Ordinal) && relativePath.Length > AclPrefix.Length)
        {
            return await PolicyAsync(relativePath[AclPrefix.Length..], operation, data, namespaceId, legacy: false, cancellationToken);
        }
        throw CofferError.UnsupportedPath("sys/" + relativePath);
    }

    private async Task<Response> ListAsync(string namespaceId, bool legacy, CancellationToken cancellationToken)
    {
        var names = await _store.ListAsync(namespaceId, cancellationToken);
        var response = Response.ListOf(names);
        // The legacy route answered with "policies"; older clients still read it.
        if (legacy) response.Data!["policies"] = Strings(names);
        return response;
    }

    private async Task<Response?> PolicyAsync(
        string name, Operation operation, JsonObject data, string namespaceId, bool legacy, CancellationToken cancellationToken)
    {
        switch (operation)
        {
            case Operation.Read:
                var policy = await _store.GetAsync(namespaceId, name, cancellationToken);
                if (policy is null) return null;
                return Response.WithData(new JsonObject
                {
                    ["name"] = policy.Name,
                    [legacy ? "rules" : "policy"] = policy.Text,
                });
            case Operation.Create or Operation.Update:
                var submitted = LenientFields.GetString(data, "policy");
                if (string.IsNullOrEmpty(submitted) && legacy) submitted = LenientFields.GetString(data, "rules");
                if (string.IsNullOrWhiteSpace(submitted)) throw CofferError.BadRequest("'policy' parameter not supplied or empty");
                await _store.SetAsync(namespaceId, name, RequestStrings.PolicyText(submitted), cancellationToken);
                return null;
            case Operation.Delete:
                await _store.DeleteAsync(namespaceId, name, cancellationToken);
                return null;
            default:
                throw CofferError.UnsupportedOperation();
        }
    }

    private static async Task<PolicyHolder> ResolveAsync(
        JsonObject data, string field, string missing, string invalid, Func<string, Task<PolicyHolder?>> resolve)
    {
        var value = LenientFields.GetString(data, field);
        if (string.IsNullOrEmpty(value)) throw CofferError.BadRequest(missing);
        return await resolve(value) ?? throw CofferError.BadRequest(invalid);
    }

    /// <summary>
    /// One key per asked path with its sorted capabilities; with exactly one path also <c>capabilities</c>. Paths are
    /// relative to the query's namespace and are read against the holder's policies, which live in the holder's
    /// namespace (an ancestor, or the same one).
    /// </summary>
    private async Task<Response> CapabilitiesAsync(
        JsonObject data, string namespaceId, PolicyHolder holder, CancellationToken cancellationToken)
    {
        var paths = RequestStrings.CommaList(data, "paths");
        // "path" is the pre-0.9 spelling; the CLI of that era still sends it.
        if (paths.Count == 0) paths = RequestStrings.CommaList(data, "path");
        if (paths.Count == 0) throw CofferError.BadRequest("paths must be supplied");

        var holderNamespace = holder.NamespaceId ?? namespaceId;
        var acl = await _store.AclForAsync(holderNamespace, holder.Policies, cancellationToken);
        var below = _pathBelow(namespaceId, holderNamespace);
        IReadOnlyList<string> CapabilitiesOf(string path) =>
            below is null && !acl.IsRoot ? ["deny"] : acl.Capabilities(below + path.TrimStart('/'));
        var result = new JsonObject();
        foreach (var path in paths)
        {
            result[path] = Strings(CapabilitiesOf(path));
        }
        if (paths.Count == 1) result["capabilities"] = Strings(CapabilitiesOf(paths[0]));
        return Response.WithData(result);
    }

    private static JsonArray Strings(IEnumerable<string> values) =>
        new(values.Select(v => (JsonNode)JsonValue.Create(v)).ToArray());
}
