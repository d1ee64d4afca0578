using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Coffer.Cli.Output;

/// <summary>
/// Renders decoded JSON the way Go's <c>%v</c> verb renders it, which is how the vault CLI fills table cells:
/// strings bare, numbers as sent, <c>null</c> as <c>&lt;nil&gt;</c>, arrays as <c>[a b]</c> and objects as
/// <c>map[k:v]</c> with sorted keys. Matching it keeps table output identical to what operators are used to.
/// </summary>
internal static class GoValueFormatter
{
    public static string Format(JsonNode? node)
    {
        var text = new StringBuilder();
        Append(text, node);
        return text.ToString();
    }

    /// <summary>Go's <c>%q</c> of a string slice, used for policy lists: <c>["default" "root"]</c>.</summary>
    public static string FormatQuotedList(JsonNode? node)
    {
        var items = node is JsonArray array ? array : [];
        return "[" + string.Join(' ', items.Select(item => GoQuote(item is null ? "" : ScalarText(item)))) + "]";
    }

    public static string GoQuote(string value)
    {
        var text = new StringBuilder("\"");
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': text.Append("\\\""); break;
                case '\\': text.Append("\\\\"); break;
                case '\n': text.Append("\\n"); break;
                case '\r': text.Append("\\r"); break;
                case '\t': text.Append("\\t"); break;
                default:
                    if (char.IsControl(c))
                    {
                        text.Append("\\x").Append(((int)c).ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        text.Append(c);
                    }

                    break;
            }
        }

        return text.Append('"').ToString();
    }

    /// <summary>The text of a scalar without JSON quoting: strings bare, numbers and booleans as sent.</summary>
    public static string ScalarText(JsonNode node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.String
            ? value.GetValue<string>()
            : node.ToJsonString();

    private static void Append(StringBuilder text, JsonNode? node)
    {
        switch (node)
        {
            case null:
                text.Append("<nil>");
                break;
            case JsonArray array:
                text.Append('[');
                for (var i = 0; i < array.Count; i++)
                {
                    if (i > 0)
                    {
                        text.Append(' ');
                    }

                    Append(text, array[i]);
                }

                text.Append(']');
                break;
            case JsonObject obj:
                text.Append("map[");
                var first = true;
                foreach (var (key, value) in obj.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    if (!first)
                    {
                        text.Append(' ');
                    }

                    first = false;
                    text.Append(key).Append(':');
                    Append(text, value);
                }

                text.Append(']');
                break;
            default:
                text.Append(ScalarText(node));
                break;
        }
    }
}
