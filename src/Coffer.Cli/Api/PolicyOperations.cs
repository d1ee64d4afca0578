using System.Text.Json.Nodes;

namespace Coffer.Cli.Api;

/// <summary>ACL policies through <c>sys/policies/acl</c>, the endpoints vault's CLI uses.</summary>
internal static class PolicyOperations
{
    private const string Root = "sys/policies/acl";

    /// <summary>
    /// Lists with GET and <c>?list=true</c> rather than the LIST verb, as vault's client does here, so
    /// proxies that only pass standard methods still work.
    /// </summary>
    public static async Task<IReadOnlyList<string>> ListPoliciesAsync(this CofferApiClient client)
    {
        var secret = await client.RequestSecretAsync("GET", Root, query: [KeyValuePair.Create("list", "true")]).ConfigureAwait(false);
        if (secret?.Data is not { } data)
        {
            throw new UnexpectedResponseException("data from server response is empty");
        }

        return data["keys"] is JsonArray keys ? keys.Select(key => key?.ToString() ?? "").ToList() : [];
    }

    /// <returns>The policy text, or null when there is no such policy (404).</returns>
    public static async Task<string?> GetPolicyAsync(this CofferApiClient client, string name)
    {
        var response = await client.SendAsync("GET", Root + "/" + name).ConfigureAwait(false);
        if (response.StatusCode == 404)
        {
            return null;
        }

        var secret = LogicalOperations.ParseEnvelope(response.EnsureSuccess());
        if (secret?.Data is not { } data)
        {
            throw new UnexpectedResponseException("data from server response is empty");
        }

        return data["policy"] is JsonValue policy ? policy.ToString() : throw new UnexpectedResponseException("no policy found in response");
    }

    public static Task PutPolicyAsync(this CofferApiClient client, string name, string rules) =>
        client.RequestSecretAsync("PUT", Root + "/" + name, new JsonObject { ["policy"] = rules });

    public static Task DeletePolicyAsync(this CofferApiClient client, string name) =>
        client.RequestSecretAsync("DELETE", Root + "/" + name);
}
