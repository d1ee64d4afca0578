namespace Coffer.Core.Access.Policies;

/// <summary>Rules about policy names that the store and the endpoints share.</summary>
public static class PolicyNameRules
{
    /// <summary>Id of the root namespace, where the <c>root</c> policy exists.</summary>
    public const string RootNamespaceId = "root";

    /// <summary>Names are compared trimmed and lower-cased, so <c>" Admin "</c> and <c>admin</c> are one policy.</summary>
    public static string Normalize(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.Trim().ToLowerInvariant();
    }

    /// <summary>Policies that exist without being written and cannot be changed or deleted.</summary>
    public static bool IsImmutable(string normalizedName) =>
        normalizedName is BuiltinPolicies.RootName or BuiltinPolicies.ResponseWrappingName or BuiltinPolicies.ControlGroupName;

    /// <summary>Policies that cannot be given to ordinary tokens and so are left out of listings.</summary>
    public static bool IsHiddenFromListing(string normalizedName) =>
        normalizedName is BuiltinPolicies.ResponseWrappingName or BuiltinPolicies.ControlGroupName;
}
