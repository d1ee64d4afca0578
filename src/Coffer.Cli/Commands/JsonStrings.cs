using System.Text.Json.Nodes;

namespace Coffer.Cli.Commands;

/// <summary>Plain strings as JSON values, for request bodies built from flags and for -format=json lists.</summary>
internal static class JsonStrings
{
    public static JsonArray Array(IEnumerable<string> values) => new(values.Select(value => (JsonNode?)value).ToArray());

    /// <summary>The items of a JSON array as text; anything that is not an array counts as empty.</summary>
    public static List<string> ListOf(JsonNode? node) =>
        node is JsonArray array ? array.Select(item => item?.ToString() ?? "").ToList() : [];

    public static JsonObject Object(IEnumerable<KeyValuePair<string, string>> pairs) =>
        new(pairs.Select(pair => KeyValuePair.Create(pair.Key, (JsonNode?)pair.Value)));
}
