using System.Text.Json;
using System.Text.Json.Nodes;

namespace Coffer.Core.Auth;

/// <summary>
/// Reads Vault's "comma string slice" fields: a JSON array of strings or one comma-separated string
/// (<c>["a","b"]</c> or <c>"a,b"</c>). Entries are trimmed and blanks dropped, because CLIs send
/// <c>"a, b"</c> and a trailing comma as often as not.
/// </summary>
public static class StringListField
{
    /// <summary>The list, or null when the field is absent (so callers can tell "unset" from "set to empty").</summary>
    public static List<string>? Get(JsonObject data, string name)
    {
        switch (data[name])
        {
            case null:
                return null;
            case JsonArray array:
                var items = new List<string>(array.Count);
                foreach (var item in array)
                {
                    AddTrimmed(items, ScalarText(item) ?? throw Invalid(name));
                }
                return items;
            case JsonValue value:
                var text = ScalarText(value) ?? throw Invalid(name);
                var parts = new List<string>();
                foreach (var part in text.Split(','))
                {
                    AddTrimmed(parts, part);
                }
                return parts;
            default:
                throw Invalid(name);
        }
    }

    private static string? ScalarText(JsonNode? node) => node is JsonValue value
        ? value.GetValueKind() switch
        {
            JsonValueKind.String => value.GetValue<string>(),
            JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.ToJsonString(),
            _ => null,
        }
        : null;

    private static void AddTrimmed(List<string> items, string text)
    {
        var trimmed = text.Trim();
        if (trimmed.Length > 0)
        {
            items.Add(trimmed);
        }
    }

    private static CofferError Invalid(string name) =>
        CofferError.BadRequest($"error converting input for field \"{name}\": expected a list of strings or a comma-separated string");
}
