using System.Text.Json;
using System.Text.Json.Nodes;

namespace Coffer.Core.Access.Policies;

/// <summary>
/// Compares a request parameter with the values listed for it in <c>allowed_parameters</c> or
/// <c>denied_parameters</c>. Values compare by their string form (JSON numbers and bools as written), so
/// <c>ttl = [30]</c> accepts both <c>30</c> and <c>"30"</c>. A listed value may start or end with <c>*</c> as a glob.
/// </summary>
internal static class ParameterValueMatcher
{
    /// <summary>True when every element of <paramref name="value"/> (or the value itself) is listed. An empty list lists everything.</summary>
    public static bool AllListed(JsonNode? value, IReadOnlyList<string> listed)
    {
        if (listed.Count == 0) return true;
        if (value is JsonArray array) return array.All(element => IsListed(element, listed));
        return IsListed(value, listed);
    }

    /// <summary>True when the value, or any element of it, is listed. An empty list lists everything.</summary>
    public static bool AnyListed(JsonNode? value, IReadOnlyList<string> listed)
    {
        if (listed.Count == 0) return true;
        if (value is JsonArray array) return array.Any(element => IsListed(element, listed));
        return IsListed(value, listed);
    }

    private static bool IsListed(JsonNode? value, IReadOnlyList<string> listed)
    {
        var text = StringForm(value);
        if (text is null) return false;
        foreach (var item in listed)
        {
            if (GlobMatches(item, text)) return true;
        }
        return false;
    }

    /// <summary>Null for JSON null: it equals no listed value.</summary>
    private static string? StringForm(JsonNode? value) => value switch
    {
        null => null,
        JsonValue scalar when scalar.GetValueKind() == JsonValueKind.String => scalar.GetValue<string>(),
        JsonValue scalar when scalar.GetValueKind() == JsonValueKind.Null => null,
        _ => value.ToJsonString(),
    };

    /// <summary>Vault's rule: a lone <c>*</c> is literal; otherwise a leading and/or trailing <c>*</c> globs.</summary>
    internal static bool GlobMatches(string item, string value)
    {
        if (item.Length < 2) return item == value;
        var leading = item[0] == '*';
        var trailing = item[^1] == '*';
        if (leading && trailing) return value.Contains(item[1..^1], StringComparison.Ordinal);
        if (leading) return value.EndsWith(item[1..], StringComparison.Ordinal);
        if (trailing) return value.StartsWith(item[..^1], StringComparison.Ordinal);
        return item == value;
    }
}
