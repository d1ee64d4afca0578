namespace Coffer.Core.Access;

/// <summary>
/// Everything decided about a new token before it is written: policies are final and the TTL computed. The token
/// endpoints and logins decide these; <see cref="TokenStore.CreateAsync"/> only issues.
/// </summary>
public sealed record TokenSpec
{
    /// <summary>A caller-chosen token (root only); null for a random one.</summary>
    public string? Id { get; init; }

    public TokenType Type { get; init; } = TokenType.Service;
    public required IReadOnlyList<string> Policies { get; init; }
    public IReadOnlyDictionary<string, string>? Meta { get; init; }
    public string DisplayName { get; init; } = "token";
    public required string Path { get; init; }
    public string NamespaceId { get; init; } = "root";
    public string Role { get; init; } = "";

    /// <summary>Granted TTL in seconds; 0 only for root tokens that never expire.</summary>
    public long TtlSeconds { get; init; }

    public long ExplicitMaxTtlSeconds { get; init; }
    public long PeriodSeconds { get; init; }

    /// <summary>Cap of the issuing mount or auth role, kept for renewals (0: the system maximum).</summary>
    public long MaxTtlSeconds { get; init; }

    public int NumUses { get; init; }
    public bool Renewable { get; init; } = true;
    public IReadOnlyList<string> BoundCidrs { get; init; } = [];
}
