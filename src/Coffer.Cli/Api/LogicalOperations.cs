using System.Text.Json;
using System.Text.Json.Nodes;

namespace Coffer.Cli.Api;

/// <summary>
/// Generic read/list/write/delete on any path, with the same "missing" rules as Vault's Go client:
/// a 404 means "nothing there" (null) unless the body carries data or warnings.
/// </summary>
internal static class LogicalOperations
{
    public const string ListMethod = "LIST";

    /// <exception cref="ApiRequestException">Transport failure, or an error status other than a plain 404.</exception>
    public static async Task<Secret?> ReadAsync(
        this CofferApiClient client,
        string path,
        IReadOnlyList<KeyValuePair<string, string>>? query = null) =>
        NullWhenMissing(await client.SendAsync("GET", path, query: query).ConfigureAwait(false));

    public static async Task<Secret?> ListAsync(this CofferApiClient client, string path) =>
        NullWhenMissing(await client.SendAsync(ListMethod, path).ConfigureAwait(false));

    /// <returns>null when the server answers without a body (204), as most writes do.</returns>
    public static async Task<Secret?> WriteAsync(this CofferApiClient client, string path, JsonObject data)
    {
        var response = (await client.SendAsync("PUT", path, data).ConfigureAwait(false)).EnsureSuccess();
        return ParseEnvelope(response);
    }

    public static async Task<Secret?> DeleteAsync(
        this CofferApiClient client,
        string path,
        IReadOnlyList<KeyValuePair<string, string>>? query = null)
    {
        var response = (await client.SendAsync("DELETE", path, query: query).ConfigureAwait(false)).EnsureSuccess();
        return ParseEnvelope(response);
    }

    /// <summary>
    /// Any request whose answer is an envelope (or nothing): token and wrapping endpoints, which vault's
    /// client calls with POST or PUT depending on the endpoint, and where a 404 is an error, not "missing".
    /// </summary>
    /// <returns>null when the server answers without a body.</returns>
    public static async Task<Secret?> RequestSecretAsync(
        this CofferApiClient client,
        string method,
        string path,
        JsonObject? body = null,
        IReadOnlyList<KeyValuePair<string, string>>? query = null)
    {
        var response = (await client.SendAsync(method, path, body, query).ConfigureAwait(false)).EnsureSuccess();
        return ParseEnvelope(response);
    }

    /// <exception cref="ApiDecodeException">A success status with a body that is not a JSON object.</exception>
    public static Secret? ParseEnvelope(ApiResponse response)
    {
        try
        {
            return Secret.Parse(response.Body);
        }
        catch (JsonException error)
        {
            throw new ApiDecodeException(response, error);
        }
    }

    private static Secret? NullWhenMissing(ApiResponse response)
    {
        if (response.StatusCode == 404)
        {
            Secret? secret;
            try
            {
                secret = Secret.Parse(response.Body);
            }
            catch (JsonException)
            {
                return null;
            }

            var hasContent = secret is not null && (secret.Warnings.Count > 0 || secret.Data is { Count: > 0 });
            return hasContent ? secret : null;
        }

        return ParseEnvelope(response.EnsureSuccess());
    }
}
