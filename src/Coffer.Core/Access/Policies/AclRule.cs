namespace Coffer.Core.Access.Policies;

/// <summary>
/// The permissions a compiled ACL holds for one pattern: every block with that exact pattern, from any of the
/// caller's policies, merged. Built once at compile time and read-only afterwards.
/// </summary>
internal sealed class AclRule
{
    private readonly Dictionary<Capability, List<string>> _grantingPolicies = new();

    public AclRule(PathPattern pattern, PathRule first, string policyName)
    {
        Pattern = pattern;
        Capabilities = first.Capabilities;
        RecordGrant(first.Capabilities, policyName);
        if (first.Capabilities == Capability.Deny) return;
        RequiredParameters = [.. first.RequiredParameters];
        AllowedParameters = Copy(first.AllowedParameters);
        DeniedParameters = Copy(first.DeniedParameters);
        MinWrappingTtl = first.MinWrappingTtl;
        MaxWrappingTtl = first.MaxWrappingTtl;
    }

    public PathPattern Pattern { get; }

    public Capability Capabilities { get; private set; }

    public List<string> RequiredParameters { get; } = [];

    /// <summary>Null or empty: no restriction. A name mapped to an empty list accepts any value.</summary>
    public Dictionary<string, List<string>>? AllowedParameters { get; private set; }

    /// <summary>Null or empty: nothing refused. A name mapped to an empty list refuses the parameter outright.</summary>
    public Dictionary<string, List<string>>? DeniedParameters { get; private set; }

    public TimeSpan? MinWrappingTtl { get; private set; }

    public TimeSpan? MaxWrappingTtl { get; private set; }

    public bool IsDeny => Capabilities.HasFlag(Capability.Deny);

    /// <summary>Names of the policies whose blocks contributed <paramref name="single"/>, in the order they were merged.</summary>
    public IReadOnlyList<string> GrantingPolicies(Capability single) =>
        _grantingPolicies.TryGetValue(single, out var names) ? names : [];

    /// <summary>Adds another block with the same pattern (spec §3.8 step 4).</summary>
    public void Merge(PathRule rule, string policyName)
    {
        if (IsDeny) return;
        if (rule.Capabilities == Capability.Deny)
        {
            Capabilities = Capability.Deny;
            AllowedParameters = null;
            DeniedParameters = null;
            _grantingPolicies.Clear();
            return;
        }
        Capabilities |= rule.Capabilities;
        RecordGrant(rule.Capabilities, policyName);

        // The stricter wrapping limit wins: a lower maximum and also a lower minimum, as Vault keeps both.
        MaxWrappingTtl = Lowest(MaxWrappingTtl, rule.MaxWrappingTtl);
        MinWrappingTtl = Lowest(MinWrappingTtl, rule.MinWrappingTtl);

        AllowedParameters = Union(AllowedParameters, rule.AllowedParameters);
        DeniedParameters = Union(DeniedParameters, rule.DeniedParameters);
        foreach (var name in rule.RequiredParameters)
        {
            if (!RequiredParameters.Contains(name)) RequiredParameters.Add(name);
        }
    }

    private void RecordGrant(Capability set, string policyName)
    {
        foreach (var single in Enum.GetValues<Capability>())
        {
            if (single == Capability.None || !set.HasFlag(single)) continue;
            if (!_grantingPolicies.TryGetValue(single, out var names))
            {
                _grantingPolicies[single] = names = [];
            }
            if (!names.Contains(policyName)) names.Add(policyName);
        }
    }

    private static TimeSpan? Lowest(TimeSpan? existing, TimeSpan? incoming) =>
        existing is null ? incoming : incoming is null ? existing : incoming < existing ? incoming : existing;

    /// <summary>Per name, values are appended, except that an empty list (any value) absorbs every other list.</summary>
    private static Dictionary<string, List<string>>? Union(
        Dictionary<string, List<string>>? existing, IReadOnlyDictionary<string, IReadOnlyList<string>>? incoming)
    {
        if (incoming is null || incoming.Count == 0) return existing;
        if (existing is null) return Copy(incoming);
        foreach (var (name, values) in incoming)
        {
            if (existing.TryGetValue(name, out var current))
            {
                if (values.Count == 0 || current.Count == 0)
                {
                    current.Clear();
                }
                else
                {
                    current.AddRange(values.Where(v => !current.Contains(v)));
                }
            }
            else
            {
                existing[name] = [.. values];
            }
        }
        return existing;
    }

    private static Dictionary<string, List<string>>? Copy(IReadOnlyDictionary<string, IReadOnlyList<string>>? source) =>
        source?.ToDictionary(entry => entry.Key, entry => entry.Value.ToList(), StringComparer.Ordinal);
}
