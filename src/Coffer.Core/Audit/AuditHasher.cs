using System.Text.Json;
using System.Text.Json.Nodes;

namespace Coffer.Core.Audit;

/// <summary>
/// Applies one device's hashing rules. Every value it returns is a fresh copy: the request and response objects
/// it reads are still on their way to the handler or the client and must not change.
/// </summary>
internal sealed class AuditHasher(AuditSalt salt, AuditDeviceSettings settings)
{
    /// <summary>Tokens are hashed whenever the device does not log raw.</summary>
    public string? Token(string? token) =>
        string.IsNullOrEmpty(token) || settings.LogRaw ? token : salt.Hmac(token);

    /// <summary>Accessors are hashed unless the device logs raw or turned <c>hmac_accessor</c> off.</summary>
    public string? Accessor(string? accessor) =>
        string.IsNullOrEmpty(accessor) || settings.LogRaw || !settings.HmacAccessor ? accessor : salt.Hmac(accessor);

    /// <summary>A copy of <paramref name="data"/> with every string value hashed, at any depth, except values
    /// whose nearest enclosing key is in <paramref name="keepKeys"/>.</summary>
    public JsonObject? Data(JsonObject? data, IReadOnlySet<string> keepKeys)
    {
        if (data is null)
        {
            return null;
        }
        if (settings.LogRaw)
        {
            return (JsonObject)data.DeepClone();
        }
        return (JsonObject)Copy(data, null, keepKeys)!;
    }

    private JsonNode? Copy(JsonNode? node, string? key, IReadOnlySet<string> keepKeys)
    {
        switch (node)
        {
            case null:
                return null;
            case JsonObject obj:
                var copy = new JsonObject();
                foreach (var (childKey, child) in obj)
                {
                    copy[childKey] = Copy(child, childKey, keepKeys);
                }
                return copy;
            case JsonArray array:
                var items = new JsonArray();
                foreach (var item in array)
                {
                    // Array elements belong to the key that holds the array.
                    items.Add(Copy(item, key, keepKeys));
                }
                return items;
            case JsonValue value when value.GetValueKind() == JsonValueKind.String &&
                                      (key is null || !keepKeys.Contains(key)):
                return JsonValue.Create(salt.Hmac(StringOf(value)));
            default:
                return node.DeepClone();
        }
    }

    private static string StringOf(JsonValue value) =>
        // A value built from a CLR type other than string (a Guid, a DateTime) still reads back through JSON.
        value.TryGetValue<string>(out var text) ? text : JsonSerializer.Deserialize<string>(value.ToJsonString())!;
}
