using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Coffer.Core.Replication.OperationTokens;

/// <summary>
/// What this cluster keeps of its DR operation token: the SHA-256 of the token, never the token. The token has
/// no TTL; it stays valid until deleted (spec/replication.md §4.2). Class Local: a DR secondary's operation token
/// authorizes operations on that cluster only, so it must never replicate.
/// </summary>
internal sealed record DrOperationTokenRecord(byte[] TokenHash, DateTimeOffset CreatedAt)
{
    public const string StoragePath = "core/local/replication/dr-operation-token";

    public static DrOperationTokenRecord For(string token, DateTimeOffset now) => new(Hash(token), now);

    public static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));

    /// <summary>Constant-time: whether <paramref name="token"/> is the token this record was made for.</summary>
    public bool Matches(string token) => CryptographicOperations.FixedTimeEquals(TokenHash, Hash(token));

    public byte[] Serialize() => JsonSerializer.SerializeToUtf8Bytes(new JsonObject
    {
        ["sha256"] = Convert.ToBase64String(TokenHash),
        ["created_at"] = CreatedAt.ToUnixTimeSeconds(),
    });

    public static DrOperationTokenRecord Deserialize(byte[] stored)
    {
        var json = JsonNode.Parse(stored)!.AsObject();
        return new DrOperationTokenRecord(Convert.FromBase64String(json["sha256"]!.GetValue<string>()),
            DateTimeOffset.FromUnixTimeSeconds(json["created_at"]!.GetValue<long>()));
    }
}
