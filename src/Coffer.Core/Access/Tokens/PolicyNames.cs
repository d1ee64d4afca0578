namespace Coffer.Core.Access;

/// <summary>Policy lists as tokens carry them: trimmed, lower-case, unique, sorted; <c>root</c> stands alone.</summary>
public static class PolicyNames
{
    public const string Root = "root";
    public const string Default = "default";

    /// <summary>Policies no token may be given: they are attached internally (wrapping tokens, control groups).</summary>
    public static readonly IReadOnlyList<string> NonAssignable = ["response-wrapping", "control-group"];

    public static List<string> Sanitize(IEnumerable<string> policies, bool addDefault)
    {
        var cleaned = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var policy in policies)
        {
            var name = policy.Trim().ToLowerInvariant();
            if (name.Length == 0)
            {
                continue;
            }
            if (name == Root)
            {
                return [Root];
            }
            cleaned.Add(name);
        }
        if (addDefault)
        {
            cleaned.Add(Default);
        }
        return [.. cleaned];
    }

    /// <summary>Trims, lower-cases and de-duplicates without adding or collapsing anything (role policy lists).</summary>
    public static List<string> Distinct(IEnumerable<string> policies) =>
        [.. policies.Select(p => p.Trim().ToLowerInvariant()).Where(p => p.Length > 0).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    public static void RejectNonAssignable(IEnumerable<string> policies)
    {
        foreach (var policy in policies)
        {
            if (NonAssignable.Contains(policy))
            {
                throw CofferError.BadRequest($"cannot assign policy \"{policy}\"");
            }
        }
    }
}
