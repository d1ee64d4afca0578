using System.Text.Json.Nodes;

namespace Coffer.Core.Engines.Transit;

/// <summary>
/// Runs one operation per <c>batch_input</c> item; a bad item gets its own <c>error</c> instead of failing the
/// whole request, matching Vault's per-item results.
/// </summary>
public static class TransitBatch
{
    public static JsonArray? Items(JsonObject data) => data["batch_input"] switch
    {
        null => null,
        JsonArray array when array.Count > 0 => array,
        JsonArray => throw CofferError.BadRequest("missing batch input to process"),
        _ => throw CofferError.BadRequest("batch_input must be a list of objects"),
    };

    public static JsonObject Run(JsonArray items, Func<JsonObject, JsonObject> operation)
    {
        var results = new JsonArray();
        foreach (var node in items)
        {
            JsonObject result;
            string? reference = null;
            try
            {
                if (node is not JsonObject item)
                {
                    throw CofferError.BadRequest("batch item must be an object");
                }
                reference = item["reference"]?.ToString();
                result = operation(item);
            }
            catch (CofferError error)
            {
                result = new JsonObject { ["error"] = string.Join("; ", error.Errors) };
            }
            if (reference is not null)
            {
                result["reference"] = reference;
            }
            results.Add(result);
        }
        return new JsonObject { ["batch_results"] = results };
    }
}
