using System.Text.Json;
using System.Text.Json.Nodes;

namespace Coffer.Core.Replication.Tls;

/// <summary>
/// What this primary remembers about the certificate it issued to one secondary: the serial of the current
/// certificate (so a certificate issued before a re-issue stays refused) and whether the id was revoked.
/// </summary>
public sealed record SecondaryCertificateRecord(string SecondaryId, string SerialNumber, DateTimeOffset IssuedAt, DateTimeOffset NotAfter,
    DateTimeOffset? RevokedAt)
{
    public bool IsRevoked => RevokedAt is not null;

    public byte[] Serialize() => JsonSerializer.SerializeToUtf8Bytes(new JsonObject
    {
        ["secondary_id"] = SecondaryId,
        ["serial_number"] = SerialNumber,
        ["issued_at"] = IssuedAt.ToUnixTimeSeconds(),
        ["not_after"] = NotAfter.ToUnixTimeSeconds(),
        ["revoked_at"] = RevokedAt?.ToUnixTimeSeconds(),
    });

    public static SecondaryCertificateRecord Deserialize(byte[] stored)
    {
        var json = JsonNode.Parse(stored)!.AsObject();
        var revoked = json["revoked_at"]?.GetValue<long>();
        return new SecondaryCertificateRecord(
            json["secondary_id"]!.GetValue<string>(),
            json["serial_number"]!.GetValue<string>(),
            DateTimeOffset.FromUnixTimeSeconds(json["issued_at"]!.GetValue<long>()),
            DateTimeOffset.FromUnixTimeSeconds(json["not_after"]!.GetValue<long>()),
            revoked is null ? null : DateTimeOffset.FromUnixTimeSeconds(revoked.Value));
    }
}
