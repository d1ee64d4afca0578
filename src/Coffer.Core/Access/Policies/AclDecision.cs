namespace Coffer.Core.Access.Policies;

/// <summary>
/// The outcome of <see cref="Acl.Check"/>. A denied request is answered with a plain 403 <c>permission denied</c>;
/// <see cref="DenialReason"/> is for logs and audit, never for the client.
/// </summary>
/// <param name="Allowed">The request may proceed.</param>
/// <param name="RootPrivileges">The matched rule grants <c>sudo</c> (or the ACL is root), whether or not sudo was needed.</param>
/// <param name="GrantingPolicies">Policies whose blocks granted the capability the operation needed; empty when denied.</param>
/// <param name="MinWrappingTtl">The matched rule's lower bound on the response-wrapping TTL, if any.</param>
/// <param name="MaxWrappingTtl">The matched rule's upper bound on the response-wrapping TTL, if any.</param>
/// <param name="DenialReason">Why the request was refused; null when allowed.</param>
public sealed record AclDecision(
    bool Allowed,
    bool RootPrivileges,
    IReadOnlyList<string> GrantingPolicies,
    TimeSpan? MinWrappingTtl,
    TimeSpan? MaxWrappingTtl,
    string? DenialReason)
{
    internal static AclDecision Root { get; } = new(true, true, [BuiltinPolicies.RootName], null, null, null);

    internal static AclDecision Deny(string reason, bool rootPrivileges = false) =>
        new(false, rootPrivileges, [], null, null, reason);
}
