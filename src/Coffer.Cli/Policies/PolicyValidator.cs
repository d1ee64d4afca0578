namespace Coffer.Cli.Policies;

/// <summary>
/// Checks that parsed HCL is an ACL policy the server would accept: only <c>name</c> and
/// <c>path "PATTERN" { ... }</c> at the top, known keys inside path blocks, and known capabilities.
/// Formatting a file that would be rejected later would only hide the mistake.
/// </summary>
internal static class PolicyValidator
{
    private static readonly HashSet<string> PathKeys =
    [
        "comment", "policy", "capabilities", "allowed_parameters", "denied_parameters", "required_parameters",
        "min_wrapping_ttl", "max_wrapping_ttl", "mfa_methods", "control_group", "subscribe_event_types",
    ];

    private static readonly HashSet<string> Capabilities =
    [
        "create", "read", "update", "patch", "delete", "list", "sudo", "deny", "subscribe", "recover",
    ];

    private static readonly HashSet<string> LegacyPolicies = ["deny", "read", "write", "sudo"];

    /// <exception cref="PolicyFormatException">The first problem found.</exception>
    public static void Validate(PolicyBody document)
    {
        foreach (var item in document.Items)
        {
            switch (item)
            {
                case PolicyAttribute { Name: "name" }:
                    break;
                case PolicyBlock { Name: "path" } block:
                    ValidatePath(block);
                    break;
                default:
                    throw new PolicyFormatException($"line {item.Key.Line}: invalid key \"{item.Name}\" (a policy holds path \"PATTERN\" {{ ... }} blocks)");
            }
        }
    }

    private static void ValidatePath(PolicyBlock block)
    {
        if (block.Labels.Count != 1)
        {
            throw new PolicyFormatException($"line {block.Key.Line}: a path block needs exactly one quoted path pattern");
        }

        var pattern = PolicyStrings.Unquote(block.Labels[0]);
        foreach (var item in block.Body.Items)
        {
            if (!PathKeys.Contains(item.Name))
            {
                throw new PolicyFormatException($"line {item.Key.Line}: path \"{pattern}\": invalid key \"{item.Name}\"");
            }

            switch (item.Name)
            {
                case "capabilities":
                    foreach (var capability in Strings(item, pattern))
                    {
                        if (!Capabilities.Contains(capability))
                        {
                            throw new PolicyFormatException($"line {item.Key.Line}: path \"{pattern}\": invalid capability \"{capability}\"");
                        }
                    }

                    break;
                case "policy":
                    var policy = Scalar(item, pattern);
                    if (!LegacyPolicies.Contains(policy))
                    {
                        throw new PolicyFormatException($"line {item.Key.Line}: path \"{pattern}\": invalid policy \"{policy}\"");
                    }

                    break;
                case "required_parameters" or "mfa_methods" or "subscribe_event_types":
                    _ = Strings(item, pattern);
                    break;
                case "allowed_parameters" or "denied_parameters":
                    RequireParameterMap(item, pattern);
                    break;
                case "min_wrapping_ttl" or "max_wrapping_ttl" or "comment":
                    _ = Scalar(item, pattern);
                    break;
            }
        }
    }

    private static string Scalar(PolicyItem item, string pattern) =>
        item is PolicyAttribute { Value: PolicyScalar scalar }
            ? PolicyStrings.Unquote(scalar.Token)
            : throw Expected(item, pattern, "a single value");

    private static IEnumerable<string> Strings(PolicyItem item, string pattern)
    {
        if (item is not PolicyAttribute { Value: PolicyList list } || list.Elements.Any(e => e.Value is not PolicyScalar))
        {
            throw Expected(item, pattern, "a list of strings");
        }

        return list.Elements.Select(e => PolicyStrings.Unquote(((PolicyScalar)e.Value).Token));
    }

    private static void RequireParameterMap(PolicyItem item, string pattern)
    {
        var body = item switch
        {
            PolicyAttribute { Value: PolicyObject obj } => obj.Body,
            PolicyBlock { Labels.Count: 0 } block => block.Body,
            _ => throw Expected(item, pattern, "a map of parameter names to lists of values"),
        };
        if (body.Items.Any(parameter => parameter is not PolicyAttribute { Value: PolicyList }))
        {
            throw Expected(item, pattern, "a map of parameter names to lists of values");
        }
    }

    private static PolicyFormatException Expected(PolicyItem item, string pattern, string what) =>
        new($"line {item.Key.Line}: path \"{pattern}\": \"{item.Name}\" must be {what}");
}
