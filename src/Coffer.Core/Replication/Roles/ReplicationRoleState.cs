using System.Text.Json;
using System.Text.Json.Nodes;

namespace Coffer.Core.Replication.Roles;

/// <summary>One secondary this primary issued an activation token to (spec/replication.md §1.3: the id is opaque).</summary>
public sealed record KnownSecondary(string Id, DateTimeOffset IssuedAt, DateTimeOffset? RevokedAt)
{
    public bool IsRevoked => RevokedAt is not null;
}

/// <summary>
/// The replication roles of this cluster, as persisted (class Local: never replicated). DR and performance roles
/// are separate fields because one cluster can hold one of each at once (spec/replication.md §2.2). The activation
/// token signing key lives here too, so it is encrypted by the barrier like every other stored secret.
/// </summary>
public sealed record ReplicationRoleState
{
    public const string Disabled = "disabled";
    public const string Primary = "primary";
    public const string Secondary = "secondary";
    public const string Bootstrapping = "bootstrapping";

    public static readonly ReplicationRoleState Initial = new();

    /// <summary>DR mode string of spec §5.1: disabled, primary, secondary or bootstrapping.</summary>
    public string DrMode { get; init; } = Disabled;

    /// <summary>A DR secondary, or becoming one (its storage is being replaced): it serves no client requests.</summary>
    public bool IsDrSecondaryMode => DrMode is Secondary or Bootstrapping;

    /// <summary>Performance mode string of spec §5.1; performance replication is not implemented yet, so disabled.</summary>
    public string PerformanceMode { get; init; } = Disabled;

    /// <summary>The DR replication set's id; a new one at each enable (spec §1.3).</summary>
    public string DrClusterId { get; init; } = "";

    /// <summary>The address secondaries should dial, as given at enable; empty means this node's cluster address.</summary>
    public string PrimaryClusterAddr { get; init; } = "";

    public DateTimeOffset? DrEnabledAt { get; init; }

    public IReadOnlyList<KnownSecondary> DrSecondaries { get; init; } = [];

    /// <summary>PKCS#8 P-521 private key that signs DR activation tokens (ES512); null while DR is disabled.</summary>
    public byte[]? DrSigningKey { get; init; }

    public KnownSecondary? FindDrSecondary(string id) => DrSecondaries.FirstOrDefault(s => s.Id == id);

    public byte[] Serialize() => JsonSerializer.SerializeToUtf8Bytes(new JsonObject
    {
        ["dr_mode"] = DrMode,
        ["performance_mode"] = PerformanceMode,
        ["dr_cluster_id"] = DrClusterId,
        ["primary_cluster_addr"] = PrimaryClusterAddr,
        ["dr_enabled_at"] = DrEnabledAt?.ToUnixTimeSeconds(),
        ["dr_signing_key"] = DrSigningKey is null ? null : Convert.ToBase64String(DrSigningKey),
        ["dr_secondaries"] = new JsonArray(DrSecondaries.Select(s => (JsonNode)new JsonObject
        {
            ["id"] = s.Id,
            ["issued_at"] = s.IssuedAt.ToUnixTimeSeconds(),
            ["revoked_at"] = s.RevokedAt?.ToUnixTimeSeconds(),
        }).ToArray()),
    });

    public static ReplicationRoleState Deserialize(byte[] stored)
    {
        var json = JsonNode.Parse(stored)!.AsObject();
        var enabled = json["dr_enabled_at"]?.GetValue<long>();
        var key = json["dr_signing_key"]?.GetValue<string>();
        return new ReplicationRoleState
        {
            DrMode = json["dr_mode"]?.GetValue<string>() ?? Disabled,
            PerformanceMode = json["performance_mode"]?.GetValue<string>() ?? Disabled,
            DrClusterId = json["dr_cluster_id"]?.GetValue<string>() ?? "",
            PrimaryClusterAddr = json["primary_cluster_addr"]?.GetValue<string>() ?? "",
            DrEnabledAt = enabled is null ? null : DateTimeOffset.FromUnixTimeSeconds(enabled.Value),
            DrSigningKey = key is null ? null : Convert.FromBase64String(key),
            DrSecondaries = json["dr_secondaries"] is JsonArray list
                ? list.Select(n => n!.AsObject()).Select(o => new KnownSecondary(
                    o["id"]!.GetValue<string>(),
                    DateTimeOffset.FromUnixTimeSeconds(o["issued_at"]!.GetValue<long>()),
                    o["revoked_at"]?.GetValue<long>() is { } revoked ? DateTimeOffset.FromUnixTimeSeconds(revoked) : null)).ToList()
                : [],
        };
    }
}
