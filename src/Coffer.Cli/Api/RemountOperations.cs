using System.Text.Json.Nodes;

namespace Coffer.Cli.Api;

/// <summary>
/// Moving a secrets engine with <c>sys/remount</c>. The mount tables themselves are reached through
/// <see cref="MountEndpoint"/>.
/// </summary>
internal static class RemountOperations
{
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
