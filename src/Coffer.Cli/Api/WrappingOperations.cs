using System.Text.Json;
using System.Text.Json.Nodes;

namespace Coffer.Cli.Api;

/// <summary>Response unwrapping, with the rules of vault's client.</summary>
internal static class WrappingOperations
{
    /// <summary>
    /// Unwraps <paramref name="wrappingToken"/>, or the client's own token when it is null. The wrapping token
    /// goes in exactly one place, since each use of a wrapping token consumes it: as X-Vault-Token when the
    /// client has no token of its own, otherwise in the body. When the server does not know the endpoint
    /// (404 without data), falls back to the pre-endpoint layout: the response stored as a JSON string at
    /// <c>cubbyhole/response</c> of the wrapping token.
    /// </summary>
    /// <returns>The original response, or null if it had no body.</returns>
    public static async Task<Secret?> UnwrapAsync(this CofferApiClient client, string? wrappingToken)
    {
        JsonObject? body = null;
        if (!string.IsNullOrEmpty(wrappingToken))
        {
            if (string.IsNullOrEmpty(client.Token))
            {
                client.Token = wrappingToken;
            }
            else if (wrappingToken != client.Token)
            {
                body = new JsonObject { ["token"] = wrappingToken };
            }
        }

        var response = await client.SendAsync("PUT", "sys/wrapping/unwrap", body).ConfigureAwait(false);
        if (response.StatusCode != 404)
        {
            return LogicalOperations.ParseEnvelope(response.EnsureSuccess());
        }

        var wrappedNotFound = TryParse(response);
        if (wrappedNotFound is not null && (wrappedNotFound.Warnings.Count > 0 || wrappedNotFound.Data is { Count: > 0 }))
        {
            return wrappedNotFound;
        }

        return await ReadLegacyCubbyholeAsync(client, wrappingToken).ConfigureAwait(false);
    }

    private static async Task<Secret?> ReadLegacyCubbyholeAsync(CofferApiClient client, string? wrappingToken)
    {
        if (!string.IsNullOrEmpty(wrappingToken))
        {
            client.Token = wrappingToken;
        }

        var stored = await client.ReadAsync("cubbyhole/response").ConfigureAwait(false)
            ?? throw new UnexpectedResponseException("no secret found at \"cubbyhole/response\"");
        if (stored.Data?["response"] is not JsonValue responseText)
        {
            throw new UnexpectedResponseException("\"response\" not found in wrapping response \"data\" map");
        }

        try
        {
            return Secret.Parse(responseText.ToString());
        }
        catch (JsonException error)
        {
            throw new UnexpectedResponseException($"error unmarshalling wrapped secret: {error.Message}");
        }
    }

    private static Secret? TryParse(ApiResponse response)
    {
        try
        {
            return Secret.Parse(response.Body);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
