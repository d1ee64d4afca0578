using Coffer.Core.Access.Namespaces;
using Coffer.Core.Access.Policies;

namespace Coffer.Core.Access;

/// <summary>
/// A token's ACL as seen from one namespace. A token works in its own namespace and below it; there its policy paths
/// are read with the child namespace's path in front (<see cref="PathPrefix"/>).
/// </summary>
public sealed record ScopedAcl(Acl Acl, string PathPrefix)
{
    /// <summary>Null when <paramref name="ns"/> is outside the token's namespace (or either namespace is gone).</summary>
    public static async Task<ScopedAcl?> ForAsync(CofferCore core, TokenEntry token, NamespaceEntry? ns, CancellationToken cancellationToken)
    {
        var tokenNamespace = core.Namespaces.ById(token.NamespaceId);
        if (tokenNamespace is null || ns is null || !ns.Path.StartsWith(tokenNamespace.Path, StringComparison.Ordinal))
        {
            return null;
        }
        var acl = await core.Policies.AclForAsync(tokenNamespace.Id, token.Policies, cancellationToken);
        return new ScopedAcl(acl, ns.Path[tokenNamespace.Path.Length..]);
    }
}
