using System.Text.Json.Nodes;
using Coffer.Core.Routing;

namespace Coffer.Core.Access.Policies;

/// <summary>Applies the one rule that governs a path to a request: capability, wrapping limits, parameters, sudo.</summary>
internal static class AclRuleEvaluator
{
    public static AclDecision Evaluate(AclRule rule, Operation operation, JsonObject? data, bool sudoRequired, TimeSpan? wrapTtl)
    {
        var sudo = rule.Capabilities.HasFlag(Capability.Sudo);
        if (rule.IsDeny) return AclDecision.Deny($"denied by the rule for \"{rule.Pattern.Text}\"");

        var needed = CapabilityNames.RequiredFor(operation);
        if (!rule.Capabilities.HasFlag(needed))
        {
            return AclDecision.Deny(
                $"the rule for \"{rule.Pattern.Text}\" does not grant \"{CapabilityNames.NameOf(needed)}\"", sudo);
        }

        if (WrappingProblem(rule, wrapTtl) is { } wrapping) return AclDecision.Deny(wrapping, sudo);

        // Only operations that carry parameters are checked against the parameter rules.
        if (operation is Operation.Read or Operation.Create or Operation.Update or Operation.Patch &&
            ParameterProblem(rule, data) is { } parameters)
        {
            return AclDecision.Deny(parameters, sudo);
        }

        if (sudoRequired && !sudo) return AclDecision.Deny("the path is root-protected and the rule does not grant \"sudo\"");

        return new AclDecision(true, sudo, rule.GrantingPolicies(needed), rule.MinWrappingTtl, rule.MaxWrappingTtl, null);
    }

    private static string? WrappingProblem(AclRule rule, TimeSpan? wrapTtl)
    {
        if (rule.MaxWrappingTtl is { } max && (wrapTtl is null || wrapTtl > max))
        {
            return wrapTtl is null ? "the response must be wrapped" : "the wrapping TTL is above max_wrapping_ttl";
        }
        if (rule.MinWrappingTtl is { } min && (wrapTtl is null || wrapTtl < min))
        {
            return wrapTtl is null ? "the response must be wrapped" : "the wrapping TTL is below min_wrapping_ttl";
        }
        // Merging keeps the lowest of each bound, which can leave them crossed even though each block was valid.
        if (rule.MinWrappingTtl > rule.MaxWrappingTtl) return "the merged wrapping TTL limits cannot both be met";
        return null;
    }

    private static string? ParameterProblem(AclRule rule, JsonObject? data)
    {
        foreach (var required in rule.RequiredParameters)
        {
            if (data is null || !data.ContainsKey(required.ToLowerInvariant()))
            {
                return $"missing required parameter \"{required}\"";
            }
        }
        if (data is null || data.Count == 0) return null;

        if (rule.DeniedParameters is { Count: > 0 } denied)
        {
            if (denied.ContainsKey("*")) return "every parameter is denied";
            foreach (var (name, value) in data)
            {
                if (denied.TryGetValue(name.ToLowerInvariant(), out var values) && ParameterValueMatcher.AnyListed(value, values))
                {
                    return $"parameter \"{name}\" is denied";
                }
            }
        }

        if (rule.AllowedParameters is not { Count: > 0 } allowed) return null;
        var allowsAnyName = allowed.ContainsKey("*");
        if (allowsAnyName && allowed.Count == 1) return null;
        foreach (var (name, value) in data)
        {
            if (!allowed.TryGetValue(name.ToLowerInvariant(), out var values))
            {
                if (allowsAnyName) continue;
                return $"parameter \"{name}\" is not allowed";
            }
            if (!ParameterValueMatcher.AllListed(value, values)) return $"value of parameter \"{name}\" is not allowed";
        }
        return null;
    }
}
