using System.Text.Json;
using System.Text.Json.Nodes;

namespace Coffer.Cli.Api;

/// <summary>
/// The generate-root style endpoints behind <c>operator generate-root</c>: <c>sys/generate-root</c>, or with
/// <paramref name="drToken"/> the DR secondary's <c>generate-operation-token</c>. Each answers with a bare JSON object.
/// </summary>
internal static class GenerateRootOperations
{
    private const string RootBase = "sys/generate-root";
    private const string DrBase = "sys/replication/dr/secondary/generate-operation-token";

    public static Task<JsonObject> GenerateRootStatusAsync(this CofferApiClient client, bool drToken) =>
        client.RootObjectAsync("GET", BaseOf(drToken) + "/attempt");

    public static Task<JsonObject> GenerateRootInitAsync(this CofferApiClient client, bool drToken, string otp, string pgpKey) =>
        client.RootObjectAsync("PUT", BaseOf(drToken) + "/attempt", new JsonObject { ["otp"] = otp, ["pgp_key"] = pgpKey });

    public static Task<JsonObject> GenerateRootUpdateAsync(this CofferApiClient client, bool drToken, string key, string nonce) =>
        client.RootObjectAsync("PUT", BaseOf(drToken) + "/update", new JsonObject { ["key"] = key, ["nonce"] = nonce });

    public static async Task GenerateRootCancelAsync(this CofferApiClient client, bool drToken) =>
        (await client.SendAsync("DELETE", BaseOf(drToken) + "/attempt").ConfigureAwait(false)).EnsureSuccess();

    private static string BaseOf(bool drToken) => drToken ? DrBase : RootBase;

    private static async Task<JsonObject> RootObjectAsync(this CofferApiClient client, string method, string path, JsonObject? body = null)
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
