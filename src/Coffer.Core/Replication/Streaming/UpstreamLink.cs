using System.Text.Json;
using System.Text.Json.Nodes;

namespace Coffer.Core.Replication.Streaming;

/// <summary>
/// Everything a DR secondary needs to reach its primary, from the activation bundle, persisted as Local state
/// (<see cref="StoragePath"/>) so a restart reconnects by itself. <see cref="HistoryId"/> names the primary WAL
/// history that <c>last_remote_wal</c> counts in; empty means the position is meaningless and catch-up starts with
/// a merkle diff.
/// </summary>
public sealed record UpstreamLink(
    string SecondaryId,
    string PrimaryApiAddress,
    string PrimaryClusterAddress,
    IReadOnlyList<string> KnownPrimaryClusterAddresses,
    string CaCertificatePem,
    string ClientCertificatePem,
    string ClientPrivateKeyPem,
    string HistoryId)
{
    public const string StoragePath = "core/local/replication/dr/upstream";

    public byte[] Serialize() => JsonSerializer.SerializeToUtf8Bytes(new JsonObject
    {
        ["secondary_id"] = SecondaryId,
        ["primary_api_addr"] = PrimaryApiAddress,
        ["primary_cluster_addr"] = PrimaryClusterAddress,
        ["known_primary_cluster_addrs"] = new JsonArray(KnownPrimaryClusterAddresses.Select(a => (JsonNode)a).ToArray()),
        ["ca_certificate"] = CaCertificatePem,
        ["client_certificate"] = ClientCertificatePem,
        ["client_private_key"] = ClientPrivateKeyPem,
        ["history_id"] = HistoryId,
    });

    public static UpstreamLink Deserialize(byte[] stored)
    {
        var json = JsonNode.Parse(stored)!.AsObject();
        return new UpstreamLink(
            json["secondary_id"]!.GetValue<string>(),
            json["primary_api_addr"]?.GetValue<string>() ?? "",
            json["primary_cluster_addr"]!.GetValue<string>(),
            json["known_primary_cluster_addrs"] is JsonArray known ? known.Select(a => a!.GetValue<string>()).ToList() : [],
            json["ca_certificate"]!.GetValue<string>(),
            json["client_certificate"]!.GetValue<string>(),
            json["client_private_key"]!.GetValue<string>(),
            json["history_id"]?.GetValue<string>() ?? "");
    }

    /// <summary>The addresses to dial, the configured one first.</summary>
    public IEnumerable<string> DialOrder() => new[] { PrimaryClusterAddress }.Concat(KnownPrimaryClusterAddresses).Where(a => a != "").Distinct();

    /// <summary>Reads the fields of an unwrapped activation bundle (what <c>dr/primary/secondary-token</c> wraps).</summary>
    /// <exception cref="CofferError">400 when the bundle lacks a field.</exception>
    public static (UpstreamLink Link, string ActivationToken, string DrClusterId) FromBundle(JsonObject bundle, string? apiAddressOverride)
    {
        string Field(string name) => bundle[name] is JsonValue value && value.TryGetValue<string>(out var text) && text != ""
            ? text
            : throw CofferError.BadRequest($"the activation bundle has no {name}");
        var link = new UpstreamLink(Field("secondary_id"),
            string.IsNullOrEmpty(apiAddressOverride) ? bundle["primary_api_addr"]?.GetValue<string>() ?? "" : apiAddressOverride,
            Field("primary_cluster_addr"), [], Field("ca_certificate"), Field("client_certificate"), Field("client_private_key"), "");
        return (link, Field("activation_token"), Field("cluster_id"));
    }
}
