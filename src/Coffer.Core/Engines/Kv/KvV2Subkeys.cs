using System.Text.Json.Nodes;

namespace Coffer.Core.Engines.Kv;

/// <summary>The shape of a secret without its values (<c>subkeys/:path</c>): every leaf becomes <c>null</c>.</summary>
internal static class KvV2Subkeys
{
    /// <param name="depth">How many levels to descend; 0 means no limit. Keys at the last level are null even when they hold more.</param>
    public static JsonObject Of(JsonObject data, long depth) => Of(data, depth, 1);

    private static JsonObject Of(JsonObject data, long depth, long level)
    {
        var shape = new JsonObject();
        foreach (var (name, value) in data)
        {
            shape[name] = value is JsonObject { Count: > 0 } child && (depth == 0 || level < depth)
                ? Of(child, depth, level + 1)
                : null;
        }
        return shape;
    }
}
