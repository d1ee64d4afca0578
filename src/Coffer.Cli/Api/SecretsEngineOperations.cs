using System.Text.Json.Nodes;

namespace Coffer.Cli.Api;

/// <summary>Secrets engines: <c>sys/mounts</c>, their tuning and <c>sys/remount</c>.</summary>
internal static class SecretsEngineOperations
{
    public static async Task<IReadOnlyList<KeyValuePair<string, JsonObject>>> ListMountsAsync(this CofferApiClient client) =>
        MountTable.FromEnvelope(await client.RequestSecretAsync("GET", "sys/mounts").ConfigureAwait(false));

    public static Task EnableMountAsync(this CofferApiClient client, string path, JsonObject request) =>
        client.RequestSecretAsync("POST", "sys/mounts/" + path, request);

    public static Task DisableMountAsync(this CofferApiClient client, string path) =>
        client.RequestSecretAsync("DELETE", "sys/mounts/" + path);

    public static Task TuneMountAsync(this CofferApiClient client, string path, JsonObject request) =>
        client.RequestSecretAsync("POST", "sys/mounts/" + path + "/tune", request);

    /// <summary>Starts a move; the answer is the migration id to poll.</summary>
    public static async Task<string> StartRemountAsync(this CofferApiClient client, string from, string to)
    {
        var secret = await client.RequestSecretAsync("POST", "sys/remount", new JsonObject { ["from"] = from, ["to"] = to }).ConfigureAwait(false);
        return Secret.StringField(secret?.Data, "migration_id") is { Length: > 0 } id
            ? id
            : throw new UnexpectedResponseException("the server answered sys/remount without a migration_id");
    }

    /// <summary>The status of a move: <c>in-progress</c>, <c>success</c> or <c>failure</c>.</summary>
    public static async Task<string> RemountStatusAsync(this CofferApiClient client, string migrationId)
    {
        var secret = await client.RequestSecretAsync("GET", "sys/remount/status/" + migrationId).ConfigureAwait(false);
        return Secret.StringField(secret?.Data?["migration_info"] as JsonObject, "status");
    }
}
