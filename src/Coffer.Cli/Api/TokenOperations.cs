using System.Text.Json.Nodes;

namespace Coffer.Cli.Api;

/// <summary>
/// The token store endpoints (<c>auth/token/*</c>) with the methods and bodies vault's client uses, so a
/// server, proxy or audit log sees the same requests from coffer as from vault. Tokens and accessors travel
/// in request bodies, never in URLs, which end up in access logs.
/// </summary>
internal static class TokenOperations
{
    public static Task<Secret?> LookupSelfAsync(this CofferApiClient client) =>
        client.RequestSecretAsync("GET", "auth/token/lookup-self");

    public static Task<Secret?> LookupTokenAsync(this CofferApiClient client, string token) =>
        client.RequestSecretAsync("POST", "auth/token/lookup", new JsonObject { ["token"] = token });

    public static Task<Secret?> LookupAccessorAsync(this CofferApiClient client, string accessor) =>
        client.RequestSecretAsync("POST", "auth/token/lookup-accessor", new JsonObject { ["accessor"] = accessor });

    /// <param name="path">auth/token/create, auth/token/create-orphan or auth/token/create/ROLE.</param>
    public static Task<Secret?> CreateTokenAsync(this CofferApiClient client, string path, JsonObject request) =>
        client.RequestSecretAsync("POST", path, request);

    public static Task<Secret?> RenewSelfAsync(this CofferApiClient client, long incrementSeconds) =>
        client.RequestSecretAsync("PUT", "auth/token/renew-self", new JsonObject { ["increment"] = incrementSeconds });

    public static Task<Secret?> RenewTokenAsync(this CofferApiClient client, string token, long incrementSeconds) =>
        client.RequestSecretAsync("PUT", "auth/token/renew", new JsonObject { ["token"] = token, ["increment"] = incrementSeconds });

    public static Task<Secret?> RenewAccessorAsync(this CofferApiClient client, string accessor, long incrementSeconds) =>
        client.RequestSecretAsync("POST", "auth/token/renew-accessor", new JsonObject { ["accessor"] = accessor, ["increment"] = incrementSeconds });

    public static Task RevokeSelfAsync(this CofferApiClient client) =>
        client.RequestSecretAsync("PUT", "auth/token/revoke-self");

    /// <summary>Revokes the token and every token created from it.</summary>
    public static Task RevokeTreeAsync(this CofferApiClient client, string token) =>
        client.RequestSecretAsync("PUT", "auth/token/revoke", new JsonObject { ["token"] = token });

    /// <summary>Revokes only the token; its children become orphans.</summary>
    public static Task RevokeOrphanAsync(this CofferApiClient client, string token) =>
        client.RequestSecretAsync("PUT", "auth/token/revoke-orphan", new JsonObject { ["token"] = token });

    public static Task RevokeAccessorAsync(this CofferApiClient client, string accessor) =>
        client.RequestSecretAsync("POST", "auth/token/revoke-accessor", new JsonObject { ["accessor"] = accessor });

    /// <summary>Revokes every lease and token created under a path prefix, e.g. auth/userpass/login.</summary>
    public static Task RevokePrefixAsync(this CofferApiClient client, string prefix) =>
        client.RequestSecretAsync("PUT", "sys/leases/revoke-prefix/" + prefix.Trim('/'));
}
