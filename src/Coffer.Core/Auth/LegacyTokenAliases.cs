namespace Coffer.Core.Auth;

/// <summary>
/// The deprecated names an auth method still accepts for its token settings (spec/vault-api.md §5.1). Each method
/// had its own set before Vault unified them under <c>token_*</c>, so each keeps its own here.
/// </summary>
public sealed class LegacyTokenAliases
{
    private readonly Dictionary<string, string> _legacyByCurrent;

    private LegacyTokenAliases(Dictionary<string, string> legacyByCurrent) => _legacyByCurrent = legacyByCurrent;

    public static LegacyTokenAliases Userpass { get; } = new(new Dictionary<string, string>
    {
        [TokenFieldNames.Policies] = "policies",
        [TokenFieldNames.Ttl] = "ttl",
        [TokenFieldNames.MaxTtl] = "max_ttl",
        [TokenFieldNames.BoundCidrs] = "bound_cidrs",
        [TokenFieldNames.Period] = "period",
    });

    /// <summary>AppRole's <c>bound_cidr_list</c> is the old name of <c>secret_id_bound_cidrs</c>, not a token field.</summary>
    public static LegacyTokenAliases AppRole { get; } = new(new Dictionary<string, string>
    {
        [TokenFieldNames.Policies] = "policies",
        [TokenFieldNames.Period] = "period",
    });

    public static LegacyTokenAliases None { get; } = new([]);

    public string? LegacyNameOf(string currentName) => _legacyByCurrent.GetValueOrDefault(currentName);
}

/// <summary>The current request and response names of the common token settings.</summary>
public static class TokenFieldNames
{
    public const string Ttl = "token_ttl";
    public const string MaxTtl = "token_max_ttl";
    public const string ExplicitMaxTtl = "token_explicit_max_ttl";
    public const string Period = "token_period";
    public const string Policies = "token_policies";
    public const string BoundCidrs = "token_bound_cidrs";
    public const string NoDefaultPolicy = "token_no_default_policy";
    public const string NumUses = "token_num_uses";
    public const string Type = "token_type";
}
