using System.Text.Json;
using System.Text.Json.Nodes;

namespace Coffer.Cli.Api;

/// <summary>Requests only the <c>kv</c> commands make: the mount preflight and JSON merge patches.</summary>
internal static class KvOperations
{
    public const string MergePatchContentType = "application/merge-patch+json";

    /// <summary>
    /// Asks <c>sys/internal/ui/mounts/PATH</c> which mount holds <paramref name="path"/> and its KV version. As in
    /// vault's CLI the preflight is never response-wrapped, and a server without the endpoint (404) means version 1.
    /// </summary>
    /// <exception cref="ApiRequestException">The request failed, or the server answered with nothing.</exception>
    public static async Task<KvMountInfo> PreflightKvMountAsync(this CofferApiClient client, string path)
    {
        var wrapTtl = client.WrapTtl;
        client.WrapTtl = CofferApiClient.NoWrapping;
        try
        {
            var response = await client.SendAsync("GET", "sys/internal/ui/mounts/" + path).ConfigureAwait(false);
            if (response.StatusCode == 404)
            {
                return new KvMountInfo("", 1);
            }

            var secret = LogicalOperations.ParseEnvelope(response.EnsureSuccess())
                ?? throw new UnexpectedResponseException("nil response from pre-flight request");
            var mountPath = Secret.StringField(secret.Data, "path");
            return new KvMountInfo(mountPath, VersionOf(secret.Data?["options"] as JsonObject));
        }
        finally
        {
            client.WrapTtl = wrapTtl;
        }
    }

    /// <summary>HTTP PATCH with a JSON merge patch body (RFC 7386), as vault's client sends it.</summary>
    /// <returns>null when the server answers without a body.</returns>
    /// <exception cref="ApiRequestException">Transport failure or an error status (including 404).</exception>
    public static async Task<Secret?> MergePatchAsync(this CofferApiClient client, string path, JsonObject patch)
    {
        var response = await client.SendAsync("PATCH", path, patch, contentType: MergePatchContentType).ConfigureAwait(false);
        return LogicalOperations.ParseEnvelope(response.EnsureSuccess());
    }

    // Vault stores the option as the string "2"; accept a JSON number too, since nothing else could be meant.
    private static int VersionOf(JsonObject? options) =>
        options?["version"] is JsonValue value
        && (value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : value.ToJsonString()) == "2"
            ? 2
            : 1;
}
