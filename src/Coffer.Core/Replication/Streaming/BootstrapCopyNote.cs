using System.Text.Json;
using System.Text.Json.Nodes;

namespace Coffer.Core.Replication.Streaming;

/// <summary>
/// Written in the batch that completes a bootstrap's copy, below the barrier (it holds nothing secret), and deleted
/// once the new secondary's own state (identity, link, role) is sealed under the primary's keyring. A cluster that
/// stopped in between holds the primary's data and keys but no link to it: finding this note at unseal, it serves
/// nothing and waits, as <c>bootstrapping</c>, for a new activation token of the same primary (<see
/// cref="CaCertificatePem"/>) instead of coming up as a standalone copy of the primary.
/// </summary>
public sealed record BootstrapCopyNote(string DrClusterId, string CaCertificatePem)
{
    /// <summary>Among the replication log's own raw keys, which the barrier never reads.</summary>
    public const string Key = "repl/bootstrap_copy";

    public byte[] Serialize() => JsonSerializer.SerializeToUtf8Bytes(new JsonObject
    {
        ["dr_cluster_id"] = DrClusterId,
        ["ca_certificate"] = CaCertificatePem,
    });

    public static BootstrapCopyNote Deserialize(byte[] stored)
    {
        var json = JsonNode.Parse(stored)!.AsObject();
        return new BootstrapCopyNote(json["dr_cluster_id"]!.GetValue<string>(), json["ca_certificate"]!.GetValue<string>());
    }
}
