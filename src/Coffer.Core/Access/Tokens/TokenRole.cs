namespace Coffer.Core.Access;

/// <summary>
/// A token role (<c>auth/token/roles/:name</c>): settings that tokens made through <c>create/:name</c> get, which
/// may grant what the caller could not ask for directly (other policies, orphans, periods).
/// </summary>
public sealed record TokenRole
{
    public const string TypeService = "service";
    public const string TypeBatch = "batch";
    public const string TypeDefaultService = "default-service";
    public const string TypeDefaultBatch = "default-batch";

    public required string Name { get; init; }
    public IReadOnlyList<string> AllowedPolicies { get; init; } = [];
    public IReadOnlyList<string> DisallowedPolicies { get; init; } = [];
    public IReadOnlyList<string> AllowedPoliciesGlob { get; init; } = [];
    public IReadOnlyList<string> DisallowedPoliciesGlob { get; init; } = [];
    public IReadOnlyList<string> AllowedEntityAliases { get; init; } = [];
    public bool Orphan { get; init; }
    public bool Renewable { get; init; } = true;
    public string PathSuffix { get; init; } = "";
    public IReadOnlyList<string> BoundCidrs { get; init; } = [];
    public long ExplicitMaxTtl { get; init; }
    public bool NoDefaultPolicy { get; init; }
    public int NumUses { get; init; }
    public long Period { get; init; }

    /// <summary><c>service</c>, <c>batch</c>, <c>default-service</c> or <c>default-batch</c> (the caller may choose).</summary>
    public string TokenType { get; init; } = TypeDefaultService;

    public bool RestrictsPolicies =>
        AllowedPolicies.Count > 0 || DisallowedPolicies.Count > 0 || AllowedPoliciesGlob.Count > 0 || DisallowedPoliciesGlob.Count > 0;
}
