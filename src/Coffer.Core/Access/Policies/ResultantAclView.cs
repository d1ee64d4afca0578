using System.Text.Json.Nodes;

namespace Coffer.Core.Access.Policies;

/// <summary>
/// Renders an ACL for <c>sys/internal/ui/resultant-acl</c>, which the web UI reads to decide what to show. Plain
/// prefixes are keyed without their <c>*</c> (the UI tests them with <c>startsWith</c>); <c>+</c> patterns are listed
/// under <c>glob_paths</c> as written.
/// </summary>
internal static class ResultantAclView
{
    public static JsonObject Render(Acl acl)
    {
        var result = new JsonObject { ["root"] = acl.IsRoot };
        if (acl.IsRoot) return result;
        var exact = new JsonObject();
        var glob = new JsonObject();
        foreach (var rule in acl.Rules.OrderBy(r => r.Pattern.Text, StringComparer.Ordinal))
        {
            var (target, key) = rule.Pattern.Kind switch
            {
                PathPatternKind.Exact => (exact, rule.Pattern.Text),
                PathPatternKind.Prefix => (glob, rule.Pattern.Body),
                _ => (glob, rule.Pattern.Text),
            };
            target[key] = Describe(rule);
        }
        result["exact_paths"] = exact;
        result["glob_paths"] = glob;
        return result;
    }

    private static JsonObject Describe(AclRule rule)
    {
        var entry = new JsonObject { ["capabilities"] = Strings(CapabilityNames.SortedNames(rule.Capabilities)) };
        if (rule.MinWrappingTtl is { } min) entry["min_wrapping_ttl"] = (long)min.TotalSeconds;
        if (rule.MaxWrappingTtl is { } max) entry["max_wrapping_ttl"] = (long)max.TotalSeconds;
        if (rule.AllowedParameters is { Count: > 0 } allowed) entry["allowed_parameters"] = Map(allowed);
        if (rule.DeniedParameters is { Count: > 0 } denied) entry["denied_parameters"] = Map(denied);
        if (rule.RequiredParameters.Count > 0) entry["required_parameters"] = Strings(rule.RequiredParameters);
        return entry;
    }

    private static JsonObject Map(Dictionary<string, List<string>> parameters)
    {
        var map = new JsonObject();
        foreach (var (name, values) in parameters.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            map[name] = Strings(values);
        }
        return map;
    }

    private static JsonArray Strings(IEnumerable<string> values) =>
        new(values.Select(v => (JsonNode)JsonValue.Create(v)).ToArray());
}
