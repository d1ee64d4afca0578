using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Coffer.Core.Json;
using Coffer.Core.Routing;

namespace Coffer.Core.Engines.Transit;

/// <summary>
/// <c>sign/:name[/:hash_algorithm]</c> and <c>verify/:name[/:hash_algorithm]</c> with a <c>signature</c> field, for
/// ECDSA, RSA and ed25519 keys (derived ed25519 keys sign with the key pair derived for the item's <c>context</c>). Signature versions obey min_decryption_version like ciphertexts.
/// </summary>
public sealed class TransitSigningOperations(TransitKeyStore keys)
{
    public async Task<Response> SignAsync(Request request, string[] segments, CancellationToken cancellationToken)
    {
        var (policy, options) = await PrepareAsync(request, segments, cancellationToken);
        var topLevelVersion = LenientFields.GetInt(request.Data, "key_version");
        return Run(request.Data, item =>
        {
            var version = policy.EncryptionVersion(LenientFields.GetInt(item, "key_version") ?? topLevelVersion);
            var signature = TransitSigner.Sign(policy.Type, policy.SigningKey(version, Context(item)), Input(item), options);
            return new JsonObject { ["signature"] = TransitCiphertext.FormatEncoded(version, options.Encode(signature)), ["key_version"] = version };
        });
    }

    public async Task<Response> VerifyAsync(Request request, string[] segments, CancellationToken cancellationToken)
    {
        var (policy, options) = await PrepareAsync(request, segments, cancellationToken);
        return Run(request.Data, item =>
        {
            var input = Input(item);
            var (version, encoded) = TransitCiphertext.Split(LenientFields.GetString(item, "signature")
                ?? throw CofferError.BadRequest("missing signature to verify"));
            var signature = options.Decode(encoded);
            if (version < policy.MinDecryptionVersion)
            {
                throw CofferError.BadRequest("ciphertext or signature version is disallowed by policy (too old)");
            }
            if (!policy.Versions.ContainsKey(version))
            {
                throw CofferError.BadRequest("invalid key version");
            }
            var key = policy.SigningKey(version, Context(item));
            return new JsonObject { ["valid"] = TransitSigner.Verify(policy.Type, key, input, signature, options) };
        });
    }

    private static Response Run(JsonObject data, Func<JsonObject, JsonObject> each) =>
        Response.WithData(TransitBatch.Items(data) is { } items ? TransitBatch.Run(items, each) : each(data));

    private async Task<(TransitPolicy Policy, TransitSignatureOptions Options)> PrepareAsync(
        Request request, string[] segments, CancellationToken cancellationToken)
    {
        var (name, pathAlgorithm) = segments switch
        {
            [_, var n] when n.Length > 0 => (n, null),
            [_, var n, var a] when n.Length > 0 && a.Length > 0 => (n, a),
            _ => throw CofferError.UnsupportedPath(request.MountRelativePath),
        };
        var policy = await keys.GetAsync(name, cancellationToken) ?? throw CofferError.BadRequest("signing key not found");
        if (!TransitKeyTypes.SupportsSigning(policy.Type))
        {
            throw CofferError.BadRequest($"key type {TransitKeyTypes.Name(policy.Type)} does not support signing");
        }
        var algorithm = pathAlgorithm ?? LenientFields.GetString(request.Data, "hash_algorithm") ?? LenientFields.GetString(request.Data, "algorithm") ?? "sha2-256";
        var hash = algorithm switch
        {
            "sha2-256" => HashAlgorithmName.SHA256,
            "sha2-384" => HashAlgorithmName.SHA384,
            "sha2-512" => HashAlgorithmName.SHA512,
            _ => throw CofferError.BadRequest($"unsupported hash algorithm {algorithm}"),
        };
        var padding = (LenientFields.GetString(request.Data, "signature_algorithm") ?? "pss") switch
        {
            "" or "pss" => RSASignaturePadding.Pss,
            "pkcs1v15" => RSASignaturePadding.Pkcs1,
            var other => throw CofferError.BadRequest($"unsupported rsa signature algorithm {other}"),
        };
        var jws = (LenientFields.GetString(request.Data, "marshaling_algorithm") ?? "asn1") switch
        {
            "" or "asn1" => false,
            "jws" => true,
            var other => throw CofferError.BadRequest($"invalid marshaling type \"{other}\""),
        };
        var prehashed = LenientFields.GetBool(request.Data, "prehashed") ?? false;
        return (policy, new TransitSignatureOptions(hash, padding, prehashed, jws));
    }

    private static byte[]? Context(JsonObject item) =>
        TransitCipher.DecodeBase64(LenientFields.GetString(item, "context"), "context");

    private static byte[] Input(JsonObject item) =>
        TransitCipher.DecodeBase64(LenientFields.GetString(item, "input"), "input")
        ?? throw CofferError.BadRequest("missing input");
}
