using System.Text.Json.Nodes;

namespace Coffer.Cli.Api;

/// <summary>
/// One of the three mount tables the server keeps: secrets engines (<c>sys/mounts</c>), auth methods
/// (<c>sys/auth</c>) and audit devices (<c>sys/audit</c>). They share one layout: the table at the root, one
/// mount at root/PATH and its tuning at root/PATH/tune (audit devices cannot be tuned).
/// </summary>
/// <param name="EnableMethod">The verb vault's client enables a mount with: POST, but PUT for audit devices.</param>
internal sealed record MountEndpoint(string Root, string EnableMethod)
{
    public static readonly MountEndpoint SecretsEngines = new("sys/mounts", "POST");

    public static readonly MountEndpoint AuthMethods = new("sys/auth", "POST");

    public static readonly MountEndpoint AuditDevices = new("sys/audit", "PUT");

    public async Task<IReadOnlyList<KeyValuePair<string, JsonObject>>> ListAsync(CofferApiClient client) =>
        MountTable.FromEnvelope(await client.RequestSecretAsync("GET", Root).ConfigureAwait(false));

    public Task EnableAsync(CofferApiClient client, string path, JsonObject request) =>
        client.RequestSecretAsync(EnableMethod, Root + "/" + path, request);

    public Task DisableAsync(CofferApiClient client, string path) =>
        client.RequestSecretAsync("DELETE", Root + "/" + path);

    /// <summary>Tuning is sent with POST for both tunable tables, as vault's client does.</summary>
    public Task TuneAsync(CofferApiClient client, string path, JsonObject request) =>
        client.RequestSecretAsync("POST", Root + "/" + path + "/tune", request);
}
