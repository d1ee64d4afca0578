using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Coffer.Core.Leases;

/// <summary>
/// One lease as stored under <c>sys/expire/id/&lt;lease id&gt;</c> (DrOnly): which secret it covers, who holds it,
/// when it ends, and how its revocation has gone so far.
/// </summary>
public sealed record LeaseEntry
{
    /// <summary>The full lease id, e.g. <c>database/creds/readonly/Xy3…</c>, with <c>.&lt;nsid&gt;</c> in a child namespace.</summary>
    public required string LeaseId { get; init; }

    /// <summary>The request path (inside its namespace) that issued the secret; lease ids start with it.</summary>
    public required string Path { get; init; }

    public required string NamespaceId { get; init; }

    /// <summary>The issuing mount, by uuid so renewals and revocations still reach it after a remount.</summary>
    public required string MountUuid { get; init; }

    public string MountAccessor { get; init; } = "";

    /// <summary>The issuing request's path below its mount, handed back to the engine.</summary>
    public string MountRelativePath { get; init; } = "";

    /// <summary>The engine's own notes on the secret (e.g. a database username); never shown to clients.</summary>
    public JsonObject InternalData { get; init; } = new();

    public DateTimeOffset IssueTime { get; init; }
    public DateTimeOffset ExpireTime { get; init; }
    public DateTimeOffset? LastRenewalTime { get; init; }
    public bool Renewable { get; init; }

    /// <summary>The engine's own maximum lifetime from issue time; 0 means the mount's (else the system's).</summary>
    public long MaxTtlSeconds { get; init; }

    /// <summary>Accessor of the token whose revocation takes this lease with it; empty for an orphan batch token's lease.</summary>
    public string TokenAccessor { get; init; } = "";

    /// <summary>A batch token's expiry: the lease can never outlive the token that holds it.</summary>
    public DateTimeOffset? TokenExpireTime { get; init; }

    /// <summary>How many times revoking the secret has failed since the lease expired.</summary>
    public int RevokeFailures { get; init; }

    public string LastRevokeError { get; init; } = "";

    /// <summary>When a failed revocation is tried again (exponential backoff).</summary>
    public DateTimeOffset? NextRevokeAttempt { get; init; }

    /// <summary>
    /// Revocation failed too often to keep retrying every few minutes: the lease stays stored and listed, is tried
    /// again once a day (as Vault does), and otherwise waits for an operator to revoke or force-revoke it.
    /// </summary>
    public bool Irrevocable { get; init; }

    /// <summary>When the sweep must next look at this lease: at expiry, or at the next retry of a failed revocation.</summary>
    [JsonIgnore]
    public DateTimeOffset? NextDue => Irrevocable ? NextRevokeAttempt
        : NextRevokeAttempt is { } retry && retry > ExpireTime ? retry : ExpireTime;

    public bool HasExpired(DateTimeOffset now) => ExpireTime <= now;
}
