using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Coffer.Core.Json;
using Coffer.Core.Routing;

namespace Coffer.Core.Engines.Transit;

/// <summary>
/// <c>hmac/:name[/:algorithm]</c> and <c>verify/:name[/:algorithm]</c> with an <c>hmac</c> field. The MAC key is
/// the per-version HMAC key, never the encryption key, and versions obey the same min_decryption_version rule as
/// ciphertexts (Vault treats verification like decryption).
/// </summary>
public sealed class TransitHmacOperations(TransitKeyStore keys)
{
    /// <summary>
    /// A verify call is an HMAC check when it presents an <c>hmac</c> (top level or in any batch item), whatever the
    /// key type; otherwise it is a signature check.
    /// </summary>
    public static bool CarriesHmac(JsonObject data) =>
        data["hmac"] is not null || (data["batch_input"] is JsonArray items && items.Any(i => i is JsonObject o && o["hmac"] is not null));

    public async Task<Response> HandleAsync(Request request, string[] segments, CancellationToken cancellationToken)
    {
        var (operation, name, pathAlgorithm) = segments switch
        {
            [var op, var n] when n.Length > 0 => (op, n, null),
            [var op, var n, var a] when n.Length > 0 && a.Length > 0 => (op, n, a),
            _ => throw CofferError.UnsupportedPath(request.MountRelativePath),
        };
        var data = request.Data;
        var algorithm = pathAlgorithm ?? LenientFields.GetString(data, "algorithm") ?? LenientFields.GetString(data, "hash_algorithm") ?? "sha2-256";
        var policy = await keys.GetAsync(name, cancellationToken) ?? throw CofferError.BadRequest("encryption key not found");
        Func<JsonObject, JsonObject> each = operation == "hmac"
            ? item => Compute(policy, item, algorithm, LenientFields.GetInt(data, "key_version"))
            : item => Verify(policy, item, algorithm);
        return Response.WithData(TransitBatch.Items(data) is { } items ? TransitBatch.Run(items, each) : each(data));
    }

    private static JsonObject Compute(TransitPolicy policy, JsonObject item, string algorithm, long? topLevelVersion)
    {
        var input = Input(item);
        var requested = LenientFields.GetInt(item, "key_version") ?? topLevelVersion;
        var version = policy.EncryptionVersion(requested);
        var mac = Mac(algorithm, policy.MacKey(version), input);
        return new JsonObject { ["hmac"] = TransitCiphertext.Format(version, mac) };
    }

    private static JsonObject Verify(TransitPolicy policy, JsonObject item, string algorithm)
    {
        var input = Input(item);
        var presented = LenientFields.GetString(item, "hmac")
            ?? throw CofferError.BadRequest("missing hmac value to verify");
        var (version, mac) = TransitCiphertext.Parse(presented);
        if (version < policy.MinDecryptionVersion)
        {
            throw CofferError.BadRequest("ciphertext or signature version is disallowed by policy (too old)");
        }
        if (!policy.Versions.ContainsKey(version))
        {
            throw CofferError.BadRequest("invalid key version");
        }
        var expected = Mac(algorithm, policy.MacKey(version), input);
        return new JsonObject { ["valid"] = CryptographicOperations.FixedTimeEquals(expected, mac) };
    }

    private static byte[] Input(JsonObject item) =>
        TransitCipher.DecodeBase64(LenientFields.GetString(item, "input"), "input")
        ?? throw CofferError.BadRequest("missing input");

    private static byte[] Mac(string algorithm, byte[] key, byte[] input) => algorithm switch
    {
        "sha2-256" => HMACSHA256.HashData(key, input),
        "sha2-384" => HMACSHA384.HashData(key, input),
        "sha2-512" => HMACSHA512.HashData(key, input),
        _ => throw CofferError.BadRequest($"unsupported algorithm {algorithm}"),
    };
}
