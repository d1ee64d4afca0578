using Coffer.Core.Hcl;
using Coffer.Core.Json;

namespace Coffer.Core.Access.Policies;

/// <summary>Turns one <c>path "..." { }</c> block into a <see cref="PathRule"/>.</summary>
internal static class PathBlockParser
{
    private static readonly IReadOnlySet<string> Keys = new HashSet<string>(StringComparer.Ordinal)
    {
        "comment", "policy", "capabilities", "allowed_parameters", "denied_parameters", "required_parameters",
        "min_wrapping_ttl", "max_wrapping_ttl", "mfa_methods", "control_group", "subscribe_event_types",
    };

    public static PathRule Parse(HclBlock block)
    {
        var path = block.Labels[0];
        var body = block.Body;
        PolicyParser.RejectUnknownKeys(body, Keys, path);

        var capabilities = ReadCapabilities(path, body);
        if (capabilities.HasFlag(Capability.Deny))
        {
            // Nothing else in a denying block can matter, so, like Vault, nothing else in it is checked either.
            return new PathRule(path, Capability.Deny);
        }
        return new PathRule(
            path,
            capabilities,
            ReadStringList(path, body, "required_parameters"),
            ReadParameterMap(path, body, "allowed_parameters"),
            ReadParameterMap(path, body, "denied_parameters"),
            ReadTtl(body, "min_wrapping_ttl"),
            ReadTtl(body, "max_wrapping_ttl"));
    }

    private static Capability ReadCapabilities(string path, HclBody body)
    {
        var names = new List<string>();
        if (Last(body, "policy") is { } legacy)
        {
            var shorthand = legacy.Value as HclString ?? throw PolicyErrors.InPath(path, "policy must be a string");
            switch (shorthand.Value)
            {
                case "deny":
                    return Capability.Deny;
                case "read":
                    names.AddRange(["read", "list"]);
                    break;
                case "write":
                    names.AddRange(["create", "read", "update", "delete", "list"]);
                    break;
                case "sudo":
                    names.AddRange(["create", "read", "update", "delete", "list", "sudo"]);
                    break;
                default:
                    throw PolicyErrors.InPath(path, $"invalid policy \"{shorthand.Value}\"");
            }
        }
        names.AddRange(ReadStringList(path, body, "capabilities") ?? []);

        var result = Capability.None;
        foreach (var name in names)
        {
            if (!CapabilityNames.TryParse(name, out var capability))
            {
                throw PolicyErrors.InPath(path, $"invalid capability \"{name}\"");
            }
            if (capability == Capability.Deny) return Capability.Deny;
            result |= capability;
        }
        return result;
    }

    private static List<string>? ReadStringList(string path, HclBody body, string key)
    {
        if (Last(body, key) is not { } attribute) return null;
        IEnumerable<HclValue> items = attribute.Value is HclList list ? list.Items : [attribute.Value];
        return items.Select(item => item is HclString text
                ? text.Value
                : throw PolicyErrors.InPath(path, $"{key} must be a list of strings (line {item.Position.Line})"))
            .ToList();
    }

    /// <summary>
    /// <c>allowed_parameters</c> and <c>denied_parameters</c>: parameter name → list of values, written as an
    /// attribute, as a block, or in JSON. Names are lower-cased because the check compares them lower-cased.
    /// </summary>
    private static Dictionary<string, IReadOnlyList<string>>? ReadParameterMap(string path, HclBody body, string key)
    {
        var blocks = body.GetBlocks(key, 0);
        if (blocks.Count == 0) return null;
        var map = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var attribute in blocks.SelectMany(b => b.Body.Attributes))
        {
            IEnumerable<HclValue> items = attribute.Value is HclList list ? list.Items : [attribute.Value];
            var values = new List<string>();
            foreach (var item in items)
            {
                switch (item)
                {
                    case HclString text: values.Add(text.Value); break;
                    case HclNumber number: values.Add(number.Text); break;
                    case HclBool flag: values.Add(flag.Value ? "true" : "false"); break;
                    case HclNull: break;
                    default:
                        throw PolicyErrors.InPath(path,
                            $"{key} \"{attribute.Name}\" must list plain values (line {item.Position.Line})");
                }
            }
            map[attribute.Name.ToLowerInvariant()] = values;
        }
        return map;
    }

    /// <summary>Seconds as a number or a string, or a duration string such as <c>90s</c> or <c>5m</c>. Zero means unset.</summary>
    private static TimeSpan? ReadTtl(HclBody body, string key)
    {
        if (Last(body, key) is not { } attribute) return null;
        long seconds;
        switch (attribute.Value)
        {
            case HclNumber number when number.TryGetInt64(out var whole):
                seconds = whole;
                break;
            case HclNumber number:
                seconds = (long)Math.Floor(number.AsDouble());
                break;
            case HclString text when DurationParser.TryParseSeconds(text.Value, out var parsed):
                seconds = parsed;
                break;
            case HclString text:
                throw PolicyErrors.Invalid($"error parsing {key}: invalid duration \"{text.Value}\"");
            default:
                throw PolicyErrors.Invalid($"error parsing {key}: expected seconds or a duration string (line {attribute.Position.Line})");
        }
        if (seconds < 0) throw PolicyErrors.Invalid($"error parsing {key}: must not be negative");
        return seconds == 0 ? null : TimeSpan.FromSeconds(seconds);
    }

    private static HclAttribute? Last(HclBody body, string key) => body.Attributes.LastOrDefault(a => a.Name == key);
}
