using System.Text.Json.Serialization;

namespace Coffer.Core.Access;

/// <summary>
/// What the token store knows about a token. The token itself is never part of it: service tokens are stored under
/// the salted HMAC of the token, batch tokens carry this record encrypted inside themselves.
/// </summary>
public sealed record TokenEntry
{
    /// <summary>Marks a limited-use token whose last use has been handed out; it is revoked once that request ends.</summary>
    public const int UsesExhausted = -1;

    /// <summary>
    /// Salted HMAC of the token: the key of its storage entry and of anything kept per token (its cubbyhole).
    /// Empty for batch tokens, which are not stored.
    /// </summary>
    public string HashedId { get; init; } = "";

    /// <summary>24 base62 characters; empty for batch tokens.</summary>
    public required string Accessor { get; init; }

    /// <summary>Token policies, sanitized and sorted (<c>root</c> alone for root tokens).</summary>
    public required IReadOnlyList<string> Policies { get; init; }

    /// <summary>The path that created the token, e.g. <c>auth/token/create</c> or <c>auth/userpass/login/alice</c>.</summary>
    public string Path { get; init; } = "";

    public string DisplayName { get; init; } = "";
    public DateTimeOffset CreationTime { get; init; }

    /// <summary>HashedId of the parent service token; empty for orphans and batch tokens.</summary>
    public string Parent { get; init; } = "";

    /// <summary>Accessor of the parent, recorded by batch tokens so they stop working when the parent goes away.</summary>
    public string ParentAccessor { get; init; } = "";

    public IReadOnlyDictionary<string, string>? Meta { get; init; }

    /// <summary>Remaining uses; 0 is unlimited, <see cref="UsesExhausted"/> means the last one is in flight.</summary>
    public int NumUses { get; init; }

    /// <summary>TTL granted at creation, in seconds; also the default increment of a renewal.</summary>
    public long CreationTtl { get; init; }

    /// <summary>When the token stops working; null for tokens that never expire (root).</summary>
    public DateTimeOffset? ExpireTime { get; init; }

    public DateTimeOffset? LastRenewalTime { get; init; }
    public long ExplicitMaxTtl { get; init; }
    public long Period { get; init; }

    /// <summary>Upper bound on the token's lifetime from its issuing mount or auth role (0: the system maximum).</summary>
    public long MaxTtl { get; init; }

    public bool Renewable { get; init; }
    public IReadOnlyList<string> BoundCidrs { get; init; } = [];
    public string NamespaceId { get; init; } = "root";

    /// <summary>Token role the token was created against; empty when none.</summary>
    public string Role { get; init; } = "";

    public string EntityId { get; init; } = "";
    public TokenType Type { get; init; } = TokenType.Service;

    /// <summary>Set before a revocation starts, so the token stops working even if the revocation is interrupted.</summary>
    public bool RevocationPending { get; init; }

    [JsonIgnore]
    public bool IsRoot => Policies.Contains("root");

    [JsonIgnore]
    public bool IsBatch => Type == TokenType.Batch;

    [JsonIgnore]
    public bool IsOrphan => Parent.Length == 0 && ParentAccessor.Length == 0;

    public bool HasExpired(DateTimeOffset now) => ExpireTime is { } expiry && expiry <= now;
}
