using System.Text.Json;
using System.Text.Json.Nodes;
using Coffer.Core.Access;
using Coffer.Core.Access.Policies;
using Coffer.Core.Barrier;
using Coffer.Core.Engines.Cubbyhole;
using Coffer.Core.Json;
using Coffer.Core.Routing;

namespace Coffer.Core.Engines.System;

/// <summary>
/// Response wrapping: a response is stored in the cubbyhole of a fresh single-use token, and <c>sys/wrapping/*</c>
/// looks at, unwraps or rewraps it.
/// </summary>
internal sealed class WrappingEndpoints(CofferCore core)
{
    private const string ResponseKey = "response";
    private const string InfoKey = "wrapinfo";

    /// <summary>Wraps <paramref name="envelope"/>: returns the <c>wrap_info</c> the caller receives instead.</summary>
    public async Task<JsonObject> WrapAsync(JsonObject envelope, TimeSpan ttl, string creationPath, string namespaceId,
        string? wrappedAccessor, CancellationToken cancellationToken)
    {
        var issued = await core.Tokens.CreateAsync(new TokenSpec
        {
            Policies = [BuiltinPolicies.ResponseWrappingName],
            Path = creationPath,
            DisplayName = "response-wrapping",
            NamespaceId = namespaceId,
            TtlSeconds = (long)ttl.TotalSeconds,
            MaxTtlSeconds = (long)ttl.TotalSeconds,
            NumUses = 1,
            Renewable = false,
        }, parent: null, cancellationToken);
        var now = core.Clock.UtcNow;
        var info = new JsonObject
        {
            ["creation_path"] = creationPath,
            ["creation_time"] = now.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ"),
            ["creation_ttl"] = (long)ttl.TotalSeconds,
        };
        await CubbyholeOf(issued.Entry).CommitAsync(
        [
            // Kept as Vault keeps it, so a client reading cubbyhole/response with the wrapping token (the old way to
            // unwrap) finds the envelope as a JSON string in data.response.
            SecureOperation.Put(ResponseKey, JsonSerializer.SerializeToUtf8Bytes(new JsonObject { [ResponseKey] = envelope.ToJsonString() })),
            SecureOperation.Put(InfoKey, JsonSerializer.SerializeToUtf8Bytes(info)),
        ], cancellationToken);
        var wrapInfo = new JsonObject
        {
            ["token"] = issued.Token,
            ["accessor"] = issued.Entry.Accessor,
            ["ttl"] = (long)ttl.TotalSeconds,
            ["creation_time"] = info["creation_time"]!.DeepClone(),
            ["creation_path"] = creationPath,
        };
        if (!string.IsNullOrEmpty(wrappedAccessor))
        {
            wrapInfo["wrapped_accessor"] = wrappedAccessor;
        }
        return wrapInfo;
    }

    public async Task<Response?> HandleAsync(Request request, string action, CancellationToken cancellationToken)
    {
        if (request.Operation is not (Operation.Update or Operation.Create) && !(action == "lookup" && request.Operation == Operation.Read))
        {
            throw CofferError.UnsupportedOperation();
        }
        switch (action)
        {
            case "wrap":
                if (request.WrapTtl is null)
                {
                    throw CofferError.BadRequest("wrapping requested but no TTL given: set the X-Vault-Wrap-TTL header");
                }
                return request.Data.Count == 0 ? throw CofferError.BadRequest("missing data to wrap") : Response.WithData(request.Data);
            case "lookup":
                var looked = await RequireWrappingTokenAsync(LenientFields.GetString(request.Data, "token"), spend: false, cancellationToken);
                return Response.WithData(await ReadAsync(looked, InfoKey, cancellationToken));
            case "unwrap":
                var (token, spent) = await TokenToUnwrapAsync(request, cancellationToken);
                var envelope = await ReadEnvelopeAsync(token, cancellationToken);
                if (!spent)
                {
                    await core.Tokens.RevokeAsync(token, cancellationToken);
                }
                return new Response { RawEnvelope = envelope };
            case "rewrap":
                var old = await RequireWrappingTokenAsync(LenientFields.GetString(request.Data, "token"), spend: true, cancellationToken);
                var original = await ReadEnvelopeAsync(old, cancellationToken);
                var oldInfo = await ReadAsync(old, InfoKey, cancellationToken);
                await core.Tokens.RevokeAsync(old, cancellationToken);
                var ttl = TimeSpan.FromSeconds(oldInfo["creation_ttl"]!.GetValue<long>());
                return new Response
                {
                    WrapInfo = await WrapAsync(original, ttl, oldInfo["creation_path"]!.GetValue<string>(), old.NamespaceId, null, cancellationToken),
                };
            default:
                throw CofferError.UnsupportedPath("sys/wrapping/" + action);
        }
    }

    /// <summary>
    /// The wrapping token comes in the body, or is the caller's own token. Sending both uses the token twice (Vault
    /// warns of the same), so a body token wins and is spent here.
    /// </summary>
    private async Task<(TokenEntry Token, bool AlreadySpent)> TokenToUnwrapAsync(Request request, CancellationToken cancellationToken)
    {
        var bodyToken = LenientFields.GetString(request.Data, "token");
        if (!string.IsNullOrEmpty(bodyToken))
        {
            return (await RequireWrappingTokenAsync(bodyToken, spend: true, cancellationToken), false);
        }
        var own = request.Token;
        if (own is null || !own.Policies.Contains(BuiltinPolicies.ResponseWrappingName))
        {
            throw InvalidToken();
        }
        return (own, true);
    }

    private async Task<TokenEntry> RequireWrappingTokenAsync(string? token, bool spend, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(token))
        {
            throw CofferError.BadRequest("missing token");
        }
        token = core.ResolveActivationToken(token);
        TokenEntry? entry;
        try
        {
            entry = spend
                ? await core.Tokens.AuthenticateAsync(token, null, cancellationToken)
                : await core.Tokens.LookupAsync(token, cancellationToken);
        }
        catch (CofferError)
        {
            throw InvalidToken();
        }
        return entry is not null && entry.Policies.Contains(BuiltinPolicies.ResponseWrappingName) ? entry : throw InvalidToken();
    }

    private async Task<JsonObject> ReadEnvelopeAsync(TokenEntry token, CancellationToken cancellationToken) =>
        (await ReadAsync(token, ResponseKey, cancellationToken))[ResponseKey] is JsonValue text && text.TryGetValue<string>(out var json)
            ? JsonNode.Parse(json)!.AsObject()
            : throw InvalidToken();

    private async Task<JsonObject> ReadAsync(TokenEntry token, string key, CancellationToken cancellationToken)
    {
        var stored = await CubbyholeOf(token).GetAsync(key, cancellationToken) ?? throw InvalidToken();
        return JsonNode.Parse(stored)!.AsObject();
    }

    private ISecureStorage CubbyholeOf(TokenEntry token)
    {
        var mount = core.Mounts.Entries.First(m => m.NamespaceId == token.NamespaceId && m.Type == "cubbyhole");
        return ((CubbyholeBackend)core.Backends[mount.Uuid]).StorageFor(token);
    }

    internal static CofferError InvalidToken() => CofferError.BadRequest("wrapping token is not valid or does not exist");
}
