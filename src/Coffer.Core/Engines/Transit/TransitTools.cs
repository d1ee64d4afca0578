using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Coffer.Core.Json;
using Coffer.Core.Routing;

namespace Coffer.Core.Engines.Transit;

/// <summary><c>random[/:bytes]</c> and <c>hash[/:algorithm]</c>: keyless helpers, same as <c>sys/tools</c>.</summary>
public static class TransitTools
{
    private const int MaxRandomBytes = 128 * 1024;

    public static Response Handle(string[] segments, JsonObject data) => segments switch
    {
        ["random"] => Random(null, data),
        ["random", var bytes] => Random(bytes, data),
        ["hash"] => Hash(null, data),
        ["hash", var algorithm] => Hash(algorithm, data),
        _ => throw CofferError.UnsupportedPath(string.Join('/', segments)),
    };

    private static Response Random(string? pathBytes, JsonObject data)
    {
        long count = 32;
        if (!string.IsNullOrEmpty(pathBytes))
        {
            if (!long.TryParse(pathBytes, NumberStyles.None, CultureInfo.InvariantCulture, out count))
            {
                throw CofferError.BadRequest("error parsing url-set byte count");
            }
        }
        else if (LenientFields.GetInt(data, "bytes") is { } fromBody)
        {
            count = fromBody;
        }
        if (count < 1 || count > MaxRandomBytes)
        {
            throw CofferError.BadRequest($"number of bytes must be between 1 and {MaxRandomBytes}");
        }
        var bytes = RandomNumberGenerator.GetBytes((int)count);
        return Response.WithData(new JsonObject { ["random_bytes"] = Encode(bytes, Format(data, "base64")) });
    }

    private static Response Hash(string? pathAlgorithm, JsonObject data)
    {
        var algorithm = string.IsNullOrEmpty(pathAlgorithm) ? LenientFields.GetString(data, "algorithm") ?? "sha2-256" : pathAlgorithm;
        var input = TransitCipher.DecodeBase64(LenientFields.GetString(data, "input"), "input")
            ?? throw CofferError.BadRequest("missing input to hash");
        byte[] digest = algorithm switch
        {
            "sha2-224" => Sha224Digest.Compute(input),
            "sha2-256" => SHA256.HashData(input),
            "sha2-384" => SHA384.HashData(input),
            "sha2-512" => SHA512.HashData(input),
            _ => throw CofferError.BadRequest($"unsupported algorithm {algorithm}"),
        };
        return Response.WithData(new JsonObject { ["sum"] = Encode(digest, Format(data, "hex")) });
    }

    private static string Format(JsonObject data, string fallback) => LenientFields.GetString(data, "format") switch
    {
        null or "" => fallback,
        "hex" => "hex",
        "base64" => "base64",
        var other => throw CofferError.BadRequest($"unsupported encoding format {other}; must be \"hex\" or \"base64\""),
    };

    private static string Encode(byte[] bytes, string format) =>
        format == "base64" ? Convert.ToBase64String(bytes) : Convert.ToHexStringLower(bytes);
}
