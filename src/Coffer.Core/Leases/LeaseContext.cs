using System.Text.Json.Nodes;

namespace Coffer.Core.Leases;

/// <summary>A stored lease as its engine sees it when asked to renew or revoke the secret behind it.</summary>
/// <param name="LeaseId">The full lease id, e.g. <c>database/creds/readonly/Xy3…</c>.</param>
/// <param name="MountRelativePath">The request path below the mount that issued the secret, e.g. <c>creds/readonly</c>.</param>
/// <param name="InternalData">What the engine put in <see cref="SecretLease.InternalData"/>.</param>
/// <param name="IssueTime">When the lease was first issued; max TTLs count from here.</param>
/// <param name="IncrementSeconds">For a renewal, the lifetime asked for from now (0: the lease's own TTL).</param>
public sealed record LeaseContext(
    string LeaseId,
    string MountRelativePath,
    JsonObject InternalData,
    DateTimeOffset IssueTime,
    long IncrementSeconds);
