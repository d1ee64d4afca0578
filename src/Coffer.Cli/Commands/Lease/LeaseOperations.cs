using System.Text.Json.Nodes;
using Coffer.Cli.Api;

namespace Coffer.Cli.Commands.Lease;

/// <summary>
/// The lease endpoints as vault's client calls them: lookup and renew with the id in the body, revocation with the
/// id (or prefix) in the URL and <c>sync</c> in the body, except for a forced revocation, which sends no body.
/// </summary>
internal static class LeaseOperations
{
    public static Task<Secret?> LookupLeaseAsync(this CofferApiClient client, string leaseId) =>
        client.RequestSecretAsync("PUT", "sys/leases/lookup", new JsonObject { ["lease_id"] = leaseId });

    public static Task<Secret?> RenewLeaseAsync(this CofferApiClient client, string leaseId, long incrementSeconds) =>
        client.RequestSecretAsync("PUT", "sys/leases/renew", new JsonObject { ["increment"] = incrementSeconds, ["lease_id"] = leaseId });

    public static Task RevokeLeaseAsync(this CofferApiClient client, string leaseId, bool prefix, bool force, bool sync) =>
        force
            ? client.RequestSecretAsync("PUT", "sys/leases/revoke-force/" + leaseId)
            : client.RequestSecretAsync("PUT", (prefix ? "sys/leases/revoke-prefix/" : "sys/leases/revoke/") + leaseId,
                new JsonObject { ["sync"] = sync });
}
