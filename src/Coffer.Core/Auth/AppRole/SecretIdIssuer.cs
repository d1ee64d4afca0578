using System.Text.Json;
using System.Text.Json.Nodes;
using Coffer.Core.Json;
using Coffer.Core.Routing;

namespace Coffer.Core.Auth.AppRole;

/// <summary>
/// Issues secret ids (<c>secret-id</c>: generated; <c>custom-secret-id</c>: chosen by the caller). A secret id may
/// narrow what its role allows (fewer uses, shorter TTL, smaller CIDR lists) but never widen it.
/// </summary>
internal sealed class SecretIdIssuer(AppRoleStore store, StripedAsyncLock secretLocks, IClock clock)
{
    public async Task<Response> IssueAsync(RoleEntry role, JsonObject data, string? customSecretId, CancellationToken cancellationToken)
    {
        if (!role.BindSecretId)
        {
            throw CofferError.BadRequest("bind_secret_id is not set on the role");
        }
        var cidrList = CidrList.Read(data, "cidr_list") ?? [];
        if (role.SecretIdBoundCidrs.Count > 0 && cidrList.Count > 0 && !CidrList.IsSubset(cidrList, role.SecretIdBoundCidrs))
        {
            throw CofferError.BadRequest(
                "failed to verify the CIDR restrictions set on the secret ID: cidr_list must be a subset of the role's secret_id_bound_cidrs");
        }
        var tokenCidrs = CidrList.Read(data, "token_bound_cidrs") ?? [];
        if (role.Token.BoundCidrs.Count > 0 && tokenCidrs.Count > 0 && !CidrList.IsSubset(tokenCidrs, role.Token.BoundCidrs))
        {
            throw CofferError.BadRequest(
                "failed to verify the CIDR restrictions set on the secret ID: token_bound_cidrs must be a subset of the role's token_bound_cidrs");
        }
        var numUses = LenientFields.GetInt(data, "num_uses") ?? role.SecretIdNumUses;
        if (numUses < 0)
        {
            throw CofferError.BadRequest("num_uses cannot be negative");
        }
        if (role.SecretIdNumUses > 0 && (numUses == 0 || numUses > role.SecretIdNumUses))
        {
            throw CofferError.BadRequest("num_uses cannot be higher than the role's secret_id_num_uses");
        }
        var ttl = LenientFields.GetDurationSeconds(data, "ttl") ?? role.SecretIdTtlSeconds;
        if (role.SecretIdTtlSeconds > 0 && (ttl == 0 || ttl > role.SecretIdTtlSeconds))
        {
            throw CofferError.BadRequest("ttl cannot be longer than the role's secret_id_ttl");
        }
        var metadata = ParseMetadata(data);

        var secretId = customSecretId ?? RandomUuid.Create();
        var secretIdHmac = await store.HmacAsync(secretId, cancellationToken);
        var now = clock.UtcNow;
        var entry = new SecretIdEntry
        {
            Accessor = RandomUuid.Create(),
            NumUses = numUses,
            TtlSeconds = ttl,
            CreationTime = now,
            LastUpdatedTime = now,
            ExpirationTime = ttl > 0 ? now.AddSeconds(ttl) : null,
            Metadata = metadata,
            CidrList = cidrList,
            TokenBoundCidrs = tokenCidrs,
        };
        using (await secretLocks.AcquireAsync(secretIdHmac, cancellationToken))
        {
            if (await store.GetSecretAsync(role, secretIdHmac, cancellationToken) is not null)
            {
                throw CofferError.BadRequest("SecretID is already registered");
            }
            await store.Storage.CommitAsync(await store.PutSecretOperationsAsync(role, secretIdHmac, entry, cancellationToken), cancellationToken);
        }
        return Response.WithData(new JsonObject
        {
            ["secret_id"] = secretId,
            ["secret_id_accessor"] = entry.Accessor,
            ["secret_id_ttl"] = ttl,
            ["secret_id_num_uses"] = numUses,
        });
    }

    /// <summary>
    /// <c>metadata</c> is documented as a JSON-encoded string (<c>"{\"tag\":\"x\"}"</c>); a JSON object is accepted too,
    /// since that is what callers who skip the docs send.
    /// </summary>
    private static Dictionary<string, string> ParseMetadata(JsonObject data)
    {
        switch (data["metadata"])
        {
            case null:
                return [];
            case JsonObject:
                return LenientFields.GetStringMap(data, "metadata")!;
        }
        var text = LenientFields.GetString(data, "metadata")!;
        if (string.IsNullOrWhiteSpace(text))
        {
            return [];
        }
        try
        {
            return JsonSerializer.Deserialize<Dictionary<string, string>>(text)
                   ?? throw CofferError.BadRequest("failed to parse metadata: expected a JSON object of strings");
        }
        catch (JsonException)
        {
            throw CofferError.BadRequest("failed to parse metadata: expected a JSON object of strings");
        }
    }
}
