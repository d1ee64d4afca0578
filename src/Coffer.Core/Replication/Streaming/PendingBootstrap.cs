using System.Text.Json;
using System.Text.Json.Nodes;

namespace Coffer.Core.Replication.Streaming;

/// <summary>
/// A bootstrap under way, persisted as Local state (<see cref="StoragePath"/>) before the wipe begins. A secondary
/// stopped halfway still holds its old keyring (the primary's arrives in the batch that completes the copy), so
/// it unseals with its own keys, finds this and resumes the bootstrap instead of serving half-replaced data.
/// The batch that completes the copy deletes it together with the rest of the old Local state.
/// </summary>
public sealed record PendingBootstrap(UpstreamLink Link, string ActivationToken, string DrClusterId)
{
    public const string StoragePath = "core/local/replication/dr/bootstrap";

    public byte[] Serialize() => JsonSerializer.SerializeToUtf8Bytes(new JsonObject
    {
        ["link"] = JsonNode.Parse(Link.Serialize()),
        ["activation_token"] = ActivationToken,
        ["dr_cluster_id"] = DrClusterId,
    });

    public static PendingBootstrap Deserialize(byte[] stored)
    {
        var json = JsonNode.Parse(stored)!.AsObject();
        return new PendingBootstrap(UpstreamLink.Deserialize(JsonSerializer.SerializeToUtf8Bytes(json["link"])),
            json["activation_token"]!.GetValue<string>(), json["dr_cluster_id"]!.GetValue<string>());
    }
}
