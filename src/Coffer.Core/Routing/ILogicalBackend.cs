using Coffer.Core.Leases;

namespace Coffer.Core.Routing;

/// <summary>
/// An engine mounted at a path. It receives requests with <see cref="Request.MountRelativePath"/> set and
/// returns data or throws <see cref="CofferError"/>; null means "nothing here" (404 on read, 204 on write).
/// </summary>
public interface ILogicalBackend
{
    Task<Response?> HandleAsync(Request request, CancellationToken cancellationToken);

    /// <summary>Paths below the mount that need no client token (login endpoints, status pages).</summary>
    bool IsUnauthenticated(string relativePath) => false;

    /// <summary>Root-protected paths: the caller's ACL must also grant <c>sudo</c> (spec/vault-api.md §1.12).</summary>
    bool IsSudoPath(string relativePath) => false;

    /// <summary>
    /// Decides whether a write is a <c>create</c> or an <c>update</c> for the ACL: true when the item exists, false
    /// when it does not, null when the path has no existence check (then it counts as <c>update</c>).
    /// </summary>
    Task<bool?> ExistsAsync(Request request, CancellationToken cancellationToken) => Task.FromResult<bool?>(null);

    /// <summary>
    /// Extends the secret behind a lease this engine issued. Returns a response whose <see cref="Response.Secret"/> gives
    /// the new terms (and whose data, if any, goes back to the client);
    /// the lease manager still caps the TTL by the lease's max TTL. Engines without renewable secrets refuse.
    /// </summary>
    Task<Response> RenewLeaseAsync(LeaseContext lease, CancellationToken cancellationToken) =>
        throw CofferError.BadRequest("lease is not renewable");

    /// <summary>
    /// Removes the secret behind a lease (e.g. drops a database role). Throwing keeps the lease, which the lease
    /// manager retries with backoff; it must be safe to call again after a partial success.
    /// </summary>
    Task RevokeLeaseAsync(LeaseContext lease, CancellationToken cancellationToken) => Task.CompletedTask;
}
