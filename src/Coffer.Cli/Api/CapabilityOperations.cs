using System.Text.Json.Nodes;

namespace Coffer.Cli.Api;

/// <summary><c>sys/capabilities*</c>: which capabilities a token has on one path.</summary>
internal static class CapabilityOperations
{
    public static Task<IReadOnlyList<string>?> CapabilitiesSelfAsync(this CofferApiClient client, string path) =>
        client.QueryAsync("sys/capabilities-self", new JsonObject(), path);

    public static Task<IReadOnlyList<string>?> CapabilitiesAsync(this CofferApiClient client, string token, string path) =>
        client.QueryAsync("sys/capabilities", new JsonObject { ["token"] = token }, path);

    public static Task<IReadOnlyList<string>?> CapabilitiesAccessorAsync(this CofferApiClient client, string accessor, string path) =>
        client.QueryAsync("sys/capabilities-accessor", new JsonObject { ["accessor"] = accessor }, path);

    /// <returns>null when the answer names no capabilities for the path.</returns>
    private static async Task<IReadOnlyList<string>?> QueryAsync(this CofferApiClient client, string endpoint, JsonObject request, string path)
    {
        request["paths"] = new JsonArray(path);
        var secret = await client.RequestSecretAsync("POST", endpoint, request).ConfigureAwait(false);
        if (secret is null)
        {
            throw new UnexpectedResponseException("data from server response is empty");
        }

        // The per-path key is the current shape; "capabilities" is added when one path is asked, and older
        // servers put everything at the top level instead of under data.
        var found = Lookup(secret.Data, path) ?? Lookup(secret.Envelope, path);
        return found is JsonArray array ? array.Select(item => item?.ToString() ?? "").ToList() : null;
    }

    private static JsonNode? Lookup(JsonObject? source, string path) =>
        source?[path] is JsonArray { Count: > 0 } byPath ? byPath : source?["capabilities"] as JsonArray;
}
