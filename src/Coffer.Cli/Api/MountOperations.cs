using System.Text.Json.Nodes;

namespace Coffer.Cli.Api;

/// <summary>Auth methods (<c>sys/auth</c>) and audit devices (<c>sys/audit</c>).</summary>
internal static class MountOperations
{
    public static async Task<IReadOnlyList<KeyValuePair<string, JsonObject>>> ListAuthAsync(this CofferApiClient client) =>
        MountTable.FromEnvelope(await client.RequestSecretAsync("GET", "sys/auth").ConfigureAwait(false));

    /// <summary>Auth mounts are enabled and tuned with POST, as vault's client does.</summary>
    public static Task EnableAuthAsync(this CofferApiClient client, string path, JsonObject request) =>
        client.RequestSecretAsync("POST", "sys/auth/" + path, request);

    public static Task DisableAuthAsync(this CofferApiClient client, string path) =>
        client.RequestSecretAsync("DELETE", "sys/auth/" + path);

    public static Task TuneAuthAsync(this CofferApiClient client, string path, JsonObject request) =>
        client.RequestSecretAsync("POST", "sys/auth/" + path + "/tune", request);

    public static async Task<IReadOnlyList<KeyValuePair<string, JsonObject>>> ListAuditAsync(this CofferApiClient client) =>
        MountTable.FromEnvelope(await client.RequestSecretAsync("GET", "sys/audit").ConfigureAwait(false));

    /// <summary>Audit devices are enabled with PUT, as vault's client does.</summary>
    public static Task EnableAuditAsync(this CofferApiClient client, string path, JsonObject request) =>
        client.RequestSecretAsync("PUT", "sys/audit/" + path, request);

    public static Task DisableAuditAsync(this CofferApiClient client, string path) =>
        client.RequestSecretAsync("DELETE", "sys/audit/" + path);
}
