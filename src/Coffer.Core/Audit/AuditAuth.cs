using Coffer.Core.Access;

namespace Coffer.Core.Audit;

/// <summary>
/// What the audit log records about the caller's token (the <c>auth</c> block of every entry). The token itself
/// is not here: it is <see cref="AuditContext.ClientToken"/> and is hashed like every other token.
/// </summary>
public sealed record AuditAuth
{
    public string Accessor { get; init; } = "";
    public string DisplayName { get; init; } = "";
    public IReadOnlyList<string> Policies { get; init; } = [];

    /// <summary>Policies attached to the token itself; <see cref="Policies"/> when not given.</summary>
    public IReadOnlyList<string>? TokenPolicies { get; init; }

    public IReadOnlyList<string>? IdentityPolicies { get; init; }
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }
    public string? EntityId { get; init; }

    /// <summary><c>service</c> or <c>batch</c>.</summary>
    public string? TokenType { get; init; }

    public long? TokenTtlSeconds { get; init; }
    public DateTimeOffset? TokenIssueTime { get; init; }
    public int? NumUses { get; init; }
    public int? RemainingUses { get; init; }
    public bool? NoDefaultPolicy { get; init; }

    /// <summary>The fields every token entry has; the caller adds the rest with <c>with { ... }</c>.</summary>
    public static AuditAuth FromToken(TokenEntry token) => new()
    {
        Accessor = token.Accessor,
        DisplayName = token.DisplayName,
        Policies = token.Policies,
        TokenPolicies = token.Policies,
    };
}
