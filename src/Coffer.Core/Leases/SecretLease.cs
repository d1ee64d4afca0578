using System.Text.Json.Nodes;

namespace Coffer.Core.Leases;

/// <summary>
/// What an engine attaches to a response that hands out a dynamic secret. The core turns it into a lease: it picks
/// the lease id, stores the lease and reports <c>lease_id</c>, <c>lease_duration</c> and <c>renewable</c>.
/// </summary>
public sealed class SecretLease
{
    /// <summary>
    /// What the engine needs later to renew or revoke the secret (e.g. the database username). Kept with the lease,
    /// through the barrier, never shown to clients.
    /// </summary>
    public JsonObject InternalData { get; init; } = new();

    /// <summary>Requested lifetime in seconds; 0 means the mount's default (else the system default).</summary>
    public long TtlSeconds { get; init; }

    /// <summary>Upper bound from issue time in seconds; 0 means the mount's max (else the system max).</summary>
    public long MaxTtlSeconds { get; init; }

    public bool Renewable { get; init; } = true;
}
