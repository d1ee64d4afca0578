namespace Coffer.Core.Access.Policies;

/// <summary>Names and texts of the policies every namespace has without anyone writing them (spec §3.9).</summary>
public static class BuiltinPolicies
{
    public const string RootName = "root";
    public const string DefaultName = "default";
    public const string ResponseWrappingName = "response-wrapping";
    public const string ControlGroupName = "control-group";

    /// <summary>Given to wrapping tokens only: enough to unwrap, nothing else. Fixed; never stored.</summary>
    public const string ResponseWrappingText = """
        path "cubbyhole/response" {
            capabilities = ["create", "read"]
        }

        path "sys/wrapping/unwrap" {
            capabilities = ["update"]
        }
        """;

    /// <summary>
    /// Written once when a namespace is set up and never overwritten afterwards, so operators may edit it. The comments
    /// are part of what <c>GET sys/policy/default</c> returns.
    /// </summary>
    public const string DefaultText = """
        # The default policy is attached to every token unless it is created with
        # no_default_policy. It lets a token look after itself: inspect, renew and
        # revoke itself, use its cubbyhole, and use response wrapping. Edit it as
        # you need; it cannot be deleted.

        # A token may look itself up.
        path "auth/token/lookup-self" {
            capabilities = ["read"]
        }

        # A token may renew itself.
        path "auth/token/renew-self" {
            capabilities = ["update"]
        }

        # A token may revoke itself.
        path "auth/token/revoke-self" {
            capabilities = ["update"]
        }

        # A token may ask what it is allowed to do on a path.
        path "sys/capabilities-self" {
            capabilities = ["update"]
        }

        # A token may read the entity it belongs to, by id and by name.
        path "identity/entity/id/{{identity.entity.id}}" {
            capabilities = ["read"]
        }

        path "identity/entity/name/{{identity.entity.name}}" {
            capabilities = ["read"]
        }

        # The web UI reads the caller's combined ACL to decide what to show.
        path "sys/internal/ui/resultant-acl" {
            capabilities = ["read"]
        }

        # A token may renew the leases it holds (both the legacy and the current path).
        path "sys/renew" {
            capabilities = ["update"]
        }

        path "sys/leases/renew" {
            capabilities = ["update"]
        }

        # A token may look up the leases it holds.
        path "sys/leases/lookup" {
            capabilities = ["update"]
        }

        # A token has full use of its own cubbyhole.
        path "cubbyhole/*" {
            capabilities = ["create", "read", "update", "delete", "list"]
        }

        # Response wrapping: wrap data, inspect a wrapping token, unwrap it.
        path "sys/wrapping/wrap" {
            capabilities = ["update"]
        }

        path "sys/wrapping/lookup" {
            capabilities = ["update"]
        }

        path "sys/wrapping/unwrap" {
            capabilities = ["update"]
        }

        # Hashing helpers that reveal nothing stored.
        path "sys/tools/hash" {
            capabilities = ["update"]
        }

        path "sys/tools/hash/*" {
            capabilities = ["update"]
        }

        # A token may ask for control group approval of a request it made.
        path "sys/control-group/request" {
            capabilities = ["update"]
        }

        # A token may use the authorization endpoint of any OIDC provider.
        path "identity/oidc/provider/+/authorize" {
            capabilities = ["read", "update"]
        }

        """;
}
