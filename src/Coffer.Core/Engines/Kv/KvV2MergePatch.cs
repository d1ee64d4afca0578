using System.Text.Json.Nodes;

namespace Coffer.Core.Engines.Kv;

/// <summary>JSON merge patch (RFC 7386) applied in place: <c>null</c> removes a key, objects merge recursively.</summary>
internal static class KvV2MergePatch
{
    public static void Apply(JsonObject target, JsonObject patch)
    {
        foreach (var (name, value) in patch)
        {
            if (value is null)
            {
                target.Remove(name);
            }
            else if (value is JsonObject patchObject && target[name] is JsonObject targetObject)
            {
                Apply(targetObject, patchObject);
            }
            else
            {
                target[name] = value is JsonObject fresh ? WithoutNulls(fresh) : value.DeepClone();
            }
        }
    }

    // A new object from the patch must not keep its null members: RFC 7386 treats them as removals.
    private static JsonObject WithoutNulls(JsonObject source)
    {
        var copy = new JsonObject();
        Apply(copy, source);
        return copy;
    }
}
