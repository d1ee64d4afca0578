using System.Text.Json;
using System.Text.Json.Nodes;

namespace Coffer.Core.Seal;

/// <summary>How the root key was split. Stored in plaintext: it holds no secret, and must be readable while sealed.</summary>
public sealed record SealConfig(int Shares, int Threshold)
{
    public const string StoragePath = "core/seal-config";
    public const string Type = "shamir";

    public byte[] Serialize() => JsonSerializer.SerializeToUtf8Bytes(new JsonObject
    {
        ["type"] = Type,
        ["secret_shares"] = Shares,
        ["secret_threshold"] = Threshold,
    });

    public static SealConfig Deserialize(byte[] json)
    {
        var node = JsonNode.Parse(json)!.AsObject();
        return new SealConfig(node["secret_shares"]!.GetValue<int>(), node["secret_threshold"]!.GetValue<int>());
    }

    /// <summary>Vault's validation rules and messages for <c>sys/init</c>.</summary>
    public static void Validate(int shares, int threshold)
    {
        string? problem = null;
        if (shares < 1)
        {
            problem = "shares must be at least one";
        }
        else if (threshold < 1)
        {
            problem = "threshold must be at least one";
        }
        else if (shares > 255)
        {
            problem = "shares must be less than 256";
        }
        else if (threshold > shares)
        {
            problem = "threshold cannot be larger than shares";
        }
        else if (shares > 1 && threshold == 1)
        {
            problem = "threshold must be greater than one for multiple shares";
        }
        if (problem is not null)
        {
            throw CofferError.BadRequest($"invalid seal configuration: {problem}");
        }
    }
}
