namespace Coffer.Core.Access.Policies;

/// <summary>One <c>path</c> block of a policy, as written (after validation); a compiled ACL merges these per pattern.</summary>
public sealed class PathRule
{
    public PathRule(
        string path,
        Capability capabilities,
        IReadOnlyList<string>? requiredParameters = null,
        IReadOnlyDictionary<string, IReadOnlyList<string>>? allowedParameters = null,
        IReadOnlyDictionary<string, IReadOnlyList<string>>? deniedParameters = null,
        TimeSpan? minWrappingTtl = null,
        TimeSpan? maxWrappingTtl = null)
    {
        Path = path.StartsWith('/') ? path[1..] : path;
        IsTemplated = PolicyTemplate.Contains(Path);
        if (IsTemplated) PolicyTemplate.Validate(Path);
        // Wildcard placement is checked even for templated paths, so the mistake is reported when the policy is written.
        var pattern = PathPattern.Parse(Path);
        Pattern = IsTemplated ? null : pattern;
        if (minWrappingTtl is { } min && maxWrappingTtl is { } max && max < min)
        {
            throw PolicyErrors.Invalid("max_wrapping_ttl cannot be less than min_wrapping_ttl");
        }
        // A block holding deny holds nothing else, so no later merge can resurrect what it cancelled.
        Capabilities = capabilities.HasFlag(Capability.Deny) ? Capability.Deny : capabilities;
        RequiredParameters = requiredParameters ?? [];
        AllowedParameters = allowedParameters;
        DeniedParameters = deniedParameters;
        MinWrappingTtl = minWrappingTtl;
        MaxWrappingTtl = maxWrappingTtl;
    }

    /// <summary>The block's path with a leading <c>/</c> removed; may hold <c>{{identity...}}</c> templates.</summary>
    public string Path { get; }

    /// <summary>Null while <see cref="Path"/> holds templates: the pattern is only known once they are filled in.</summary>
    public PathPattern? Pattern { get; }

    public bool IsTemplated { get; }

    public Capability Capabilities { get; }

    /// <summary>Parameter names (as written) that must be present in the request.</summary>
    public IReadOnlyList<string> RequiredParameters { get; }

    /// <summary>Lower-cased parameter name → accepted values (empty: any value); null when the block sets none.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>>? AllowedParameters { get; }

    /// <summary>Lower-cased parameter name → refused values (empty: the parameter itself); null when the block sets none.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>>? DeniedParameters { get; }

    public TimeSpan? MinWrappingTtl { get; }

    public TimeSpan? MaxWrappingTtl { get; }

    /// <summary>The same block for a concrete path, once its templates have been filled in.</summary>
    internal PathRule WithPath(string resolvedPath) => new(
        resolvedPath, Capabilities, RequiredParameters, AllowedParameters, DeniedParameters, MinWrappingTtl, MaxWrappingTtl);
}
