using System.Text.Json.Nodes;

namespace Coffer.Core.Access.Namespaces;

/// <summary>A namespace: an isolated tenant with its own mounts, policies and tokens. The root namespace has path "".</summary>
public sealed record NamespaceEntry(string Id, string Path, IReadOnlyDictionary<string, string> CustomMetadata)
{
    public const string RootId = "root";

    public static readonly NamespaceEntry Root = new(RootId, "", new Dictionary<string, string>());

    public bool IsRoot => Id == RootId;

    public JsonObject ToJson()
    {
        var metadata = new JsonObject();
        foreach (var (key, value) in CustomMetadata.OrderBy(m => m.Key, StringComparer.Ordinal))
        {
            metadata[key] = value;
        }
        return new JsonObject { ["id"] = Id, ["path"] = Path, ["custom_metadata"] = metadata };
    }

    public static NamespaceEntry FromJson(JsonObject json)
    {
        var metadata = new Dictionary<string, string>();
        if (json["custom_metadata"] is JsonObject stored)
        {
            foreach (var (key, value) in stored)
            {
                metadata[key] = value?.GetValue<string>() ?? "";
            }
        }
        return new NamespaceEntry(json["id"]!.GetValue<string>(), json["path"]!.GetValue<string>(), metadata);
    }
}
