using System.Text.Json.Nodes;
using Coffer.Core.Json;
using Coffer.Core.Routing;

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

    /// <summary>
    /// Encrypt and decrypt answer a batch with failed items with a 400 that still carries every result, as Vault
    /// does; <c>partial_failure_response_code</c> lets a caller choose the status when only some items failed.
    /// </summary>
    public static Response WithFailureStatus(JsonObject results, JsonObject request)
    {
        var response = Response.WithData(results);
        var items = results["batch_results"]!.AsArray();
        var failed = items.Count(item => item?["error"] is not null);
        if (failed == 0)
        {
            return response;
        }
        var partialCode = LenientFields.GetInt(request, "partial_failure_response_code") ?? 400;
        if (partialCode is < 100 or > 599)
        {
            throw CofferError.BadRequest("invalid partial_failure_response_code");
        }
        response.StatusCode = failed == items.Count ? 400 : (int)partialCode;
        return response;
    }
}
