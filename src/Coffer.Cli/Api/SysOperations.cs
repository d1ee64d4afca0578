using System.Text.Json;
using System.Text.Json.Nodes;

namespace Coffer.Cli.Api;

/// <summary>The <c>sys/</c> endpoints behind status, init, unseal and seal; each returns the raw JSON answer.</summary>
internal static class SysOperations
{
    public static Task<JsonObject> SealStatusAsync(this CofferApiClient client) =>
        client.ObjectAsync("GET", "sys/seal-status");

    public static Task<JsonObject> LeaderAsync(this CofferApiClient client) =>
        client.ObjectAsync("GET", "sys/leader");

    public static async Task<bool> InitStatusAsync(this CofferApiClient client)
    {
        var status = await client.ObjectAsync("GET", "sys/init").ConfigureAwait(false);
        return Secret.BoolField(status, "initialized");
    }

    public static Task<JsonObject> InitAsync(this CofferApiClient client, int shares, int threshold) =>
        client.ObjectAsync("PUT", "sys/init", new JsonObject
        {
            ["secret_shares"] = shares,
            ["secret_threshold"] = threshold,
        });

    public static Task<JsonObject> UnsealAsync(this CofferApiClient client, string key) =>
        client.ObjectAsync("PUT", "sys/unseal", new JsonObject { ["key"] = key });

    public static Task<JsonObject> ResetUnsealAsync(this CofferApiClient client) =>
        client.ObjectAsync("PUT", "sys/unseal", new JsonObject { ["reset"] = true });

    public static async Task SealAsync(this CofferApiClient client) =>
        (await client.SendAsync("PUT", "sys/seal").ConfigureAwait(false)).EnsureSuccess();

    private static async Task<JsonObject> ObjectAsync(this CofferApiClient client, string method, string path, JsonObject? body = null)
    {
        var response = (await client.SendAsync(method, path, body).ConfigureAwait(false)).EnsureSuccess();
        try
        {
            return JsonNode.Parse(response.Body) as JsonObject ?? throw new ApiDecodeException(response);
        }
        catch (JsonException error)
        {
            throw new ApiDecodeException(response, error);
        }
    }
}
