using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Coffer.Core.Json;
using Coffer.Core.Routing;

namespace Coffer.Core.Engines.Transit;

/// <summary>encrypt, decrypt, rewrap and datakey: everything that seals or opens data under a named key.</summary>
public sealed class TransitDataOperations(TransitKeyStore keys, IClock clock)
{
    public async Task<Response?> HandleAsync(Request request, string[] segments, CancellationToken cancellationToken)
    {
        var data = request.Data;
        switch (segments)
        {
            case ["encrypt", var name] when name.Length > 0:
                var forEncrypt = await LoadOrUpsertAsync(name, request, cancellationToken);
                return RunWithFailureStatus(data, item => Encrypt(forEncrypt, item, LenientFields.GetInt(data, "key_version")));
            case ["decrypt", var name] when name.Length > 0:
                var forDecrypt = await RequireAsync(name, cancellationToken);
                return RunWithFailureStatus(data, item => Decrypt(forDecrypt, item));
            case ["rewrap", var name] when name.Length > 0:
                var forRewrap = await RequireAsync(name, cancellationToken);
                return Run(data, item => Rewrap(forRewrap, item, LenientFields.GetInt(data, "key_version")));
            case ["datakey", var kind and ("plaintext" or "wrapped"), var name] when name.Length > 0:
                var forDatakey = await RequireAsync(name, cancellationToken);
                return Response.WithData(DataKey(forDatakey, data, includePlaintext: kind == "plaintext"));
            case ["datakey", _, _]:
                throw CofferError.BadRequest("invalid type; must be \"plaintext\" or \"wrapped\"");
            default:
                throw CofferError.UnsupportedPath(request.MountRelativePath);
        }
    }

    private static Response Run(JsonObject data, Func<JsonObject, JsonObject> operation) =>
        Response.WithData(TransitBatch.Items(data) is { } items ? TransitBatch.Run(items, operation) : operation(data));

    private static Response RunWithFailureStatus(JsonObject data, Func<JsonObject, JsonObject> operation) =>
        TransitBatch.Items(data) is { } items
            ? TransitBatch.WithFailureStatus(TransitBatch.Run(items, operation), data)
            : Response.WithData(operation(data));

    private async Task<TransitPolicy> RequireAsync(string name, CancellationToken cancellationToken) =>
        await keys.GetAsync(name, cancellationToken) ?? throw CofferError.BadRequest("encryption key not found");

    /// <summary>
    /// Encrypt creates a missing key only when the router classified the request as a <c>create</c>, i.e. the
    /// caller's ACL granted create; a caller with only update gets a 400 instead.
    /// </summary>
    private async Task<TransitPolicy> LoadOrUpsertAsync(string name, Request request, CancellationToken cancellationToken)
    {
        if (await keys.GetAsync(name, cancellationToken) is { } existing)
        {
            return existing;
        }
        if (request.Operation != Operation.Create)
        {
            throw CofferError.BadRequest("encryption key not found");
        }
        var requestedType = TransitKeyTypes.Parse(LenientFields.GetString(request.Data, "type"));
        if (!TransitKeyTypes.IsAead(requestedType))
        {
            throw CofferError.BadRequest($"key type {TransitKeyTypes.Name(requestedType)} not supported for this operation");
        }
        var firstItem = TransitBatch.Items(request.Data)?.FirstOrDefault() as JsonObject;
        var hasContext = LenientFields.GetString(firstItem ?? request.Data, "context") is { Length: > 0 };
        var template = TransitBackend.NewPolicy(name, request.Data, clock.UtcNow, derivedOverride: hasContext);
        // Another request may have created it meanwhile; keep theirs rather than overwriting key material.
        var created = await keys.UpdateAsync(name, current => current is null ? template : null, cancellationToken);
        return created ?? (await keys.GetAsync(name, cancellationToken))!;
    }

    private static JsonObject Encrypt(TransitPolicy policy, JsonObject item, long? topLevelVersion)
    {
        var plaintext = TransitCipher.DecodeBase64(LenientFields.GetString(item, "plaintext"), "plaintext")
            ?? throw CofferError.BadRequest("missing plaintext to encrypt");
        var version = policy.EncryptionVersion(LenientFields.GetInt(item, "key_version") ?? topLevelVersion);
        var blob = TransitCipher.Encrypt(policy, version, plaintext, Context(item));
        return new JsonObject { ["ciphertext"] = TransitCiphertext.Format(version, blob), ["key_version"] = version };
    }

    private static JsonObject Decrypt(TransitPolicy policy, JsonObject item) =>
        new() { ["plaintext"] = Convert.ToBase64String(Open(policy, item)) };

    private static JsonObject Rewrap(TransitPolicy policy, JsonObject item, long? topLevelVersion)
    {
        var plaintext = Open(policy, item);
        var version = policy.EncryptionVersion(LenientFields.GetInt(item, "key_version") ?? topLevelVersion);
        var blob = TransitCipher.Encrypt(policy, version, plaintext, Context(item));
        CryptographicOperations.ZeroMemory(plaintext);
        return new JsonObject { ["ciphertext"] = TransitCiphertext.Format(version, blob), ["key_version"] = version };
    }

    private static byte[] Open(TransitPolicy policy, JsonObject item)
    {
        var (version, blob) = TransitCiphertext.Parse(LenientFields.GetString(item, "ciphertext"));
        return TransitCipher.Decrypt(policy, version, blob, Context(item));
    }

    private static JsonObject DataKey(TransitPolicy policy, JsonObject data, bool includePlaintext)
    {
        var bits = LenientFields.GetInt(data, "bits") ?? 256;
        if (bits is not (128 or 256 or 512))
        {
            throw CofferError.BadRequest("invalid bits length; must be 128, 256 or 512");
        }
        var dataKey = RandomNumberGenerator.GetBytes((int)bits / 8);
        var version = policy.EncryptionVersion(null);
        var result = new JsonObject
        {
            ["ciphertext"] = TransitCiphertext.Format(version, TransitCipher.Encrypt(policy, version, dataKey, Context(data))),
            ["key_version"] = version,
        };
        if (includePlaintext)
        {
            result["plaintext"] = Convert.ToBase64String(dataKey);
        }
        return result;
    }

    private static byte[]? Context(JsonObject item) =>
        TransitCipher.DecodeBase64(LenientFields.GetString(item, "context"), "context");
}
