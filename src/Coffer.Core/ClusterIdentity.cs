using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Coffer.Core.Barrier;

namespace Coffer.Core;

/// <summary>Name and id of this cluster, made once at first unseal and kept as cluster-local state.</summary>
public sealed record ClusterIdentity(string Name, string Id)
{
    public const string StoragePath = "core/local/cluster-info";

    public static async Task<ClusterIdentity> LoadOrCreateAsync(ISecureStorage storage, string? configuredName, CancellationToken cancellationToken)
    {
        var stored = await storage.GetAsync(StoragePath, cancellationToken);
        if (stored is not null)
        {
            var json = JsonNode.Parse(stored)!.AsObject();
            var identity = new ClusterIdentity(json["name"]!.GetValue<string>(), json["id"]!.GetValue<string>());
            if (string.IsNullOrEmpty(configuredName) || configuredName == identity.Name)
            {
                return identity;
            }
            identity = identity with { Name = configuredName };
            await storage.PutAsync(StoragePath, identity.Serialize(), cancellationToken);
            return identity;
        }
        var created = new ClusterIdentity(
            string.IsNullOrEmpty(configuredName) ? $"vault-cluster-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}" : configuredName,
            Guid.NewGuid().ToString());
        await storage.PutAsync(StoragePath, created.Serialize(), cancellationToken);
        return created;
    }

    private byte[] Serialize() => JsonSerializer.SerializeToUtf8Bytes(new JsonObject { ["name"] = Name, ["id"] = Id });
}
