using System.Text.Json.Nodes;

namespace Coffer.Core.Access;

/// <summary>The two JSON shapes of a token: the envelope's <c>auth</c> block and the <c>data</c> of a lookup (spec §1.7, §4.4).</summary>
public static class TokenJson
{
    public static JsonObject AuthBlock(string clientToken, TokenEntry entry)
    {
        var auth = new JsonObject
        {
            ["client_token"] = clientToken,
            ["accessor"] = entry.Accessor,
            ["policies"] = Strings(entry.Policies),
        };
        if (entry.Policies.Count > 0)
        {
            auth["token_policies"] = Strings(entry.Policies);
        }
        auth["metadata"] = Meta(entry.Meta);
        auth["lease_duration"] = GrantedTtl(entry);
        auth["renewable"] = entry.Renewable;
        auth["entity_id"] = entry.EntityId;
        auth["token_type"] = TypeName(entry.Type);
        auth["orphan"] = entry.IsOrphan;
        auth["mfa_requirement"] = null;
        auth["num_uses"] = entry.NumUses;
        return auth;
    }

    /// <param name="id">The token, or <c>""</c> when looked up by accessor.</param>
    /// <param name="entry">The token's entry.</param>
    /// <param name="now">Current time, for the remaining TTL.</param>
    /// <param name="namespacePath">Path of the token's namespace, shown when it is not the root namespace.</param>
    public static JsonObject LookupData(string id, TokenEntry entry, DateTimeOffset now, string? namespacePath = null)
    {
        var data = new JsonObject
        {
            ["id"] = id,
            ["accessor"] = entry.Accessor,
            ["policies"] = Strings(entry.Policies),
            ["path"] = entry.Path,
            ["meta"] = Meta(entry.Meta),
            ["display_name"] = entry.DisplayName,
            ["num_uses"] = entry.NumUses,
            ["orphan"] = entry.IsOrphan,
            ["creation_time"] = entry.CreationTime.ToUnixTimeSeconds(),
            ["creation_ttl"] = entry.CreationTtl,
            ["expire_time"] = entry.ExpireTime is { } expiry ? TokenTime.Rfc3339(expiry) : null,
            ["issue_time"] = TokenTime.Rfc3339(entry.CreationTime),
            ["ttl"] = entry.ExpireTime is { } end ? Math.Max(0L, (long)(end - now).TotalSeconds) : 0L,
            ["explicit_max_ttl"] = entry.ExplicitMaxTtl,
            ["renewable"] = entry.Renewable && entry.ExpireTime is not null && !entry.HasExpired(now),
            ["entity_id"] = entry.EntityId,
            ["type"] = TypeName(entry.Type),
        };
        if (entry.Period != 0)
        {
            data["period"] = entry.Period;
        }
        if (entry.Role.Length > 0)
        {
            data["role"] = entry.Role;
        }
        if (entry.BoundCidrs.Count > 0)
        {
            data["bound_cidrs"] = Strings(entry.BoundCidrs);
        }
        if (entry.LastRenewalTime is { } renewed)
        {
            data["last_renewal_time"] = renewed.ToUnixTimeSeconds();
            data["last_renewal"] = TokenTime.Rfc3339(renewed);
        }
        if (entry.NamespaceId != "root" && namespacePath is not null)
        {
            data["namespace_path"] = namespacePath;
        }
        return data;
    }

    public static string TypeName(TokenType type) => type == TokenType.Batch ? "batch" : "service";

    /// <summary>The TTL granted by the latest creation or renewal; 0 for tokens that never expire.</summary>
    public static long GrantedTtl(TokenEntry entry) =>
        entry.ExpireTime is { } expiry ? (long)(expiry - (entry.LastRenewalTime ?? entry.CreationTime)).TotalSeconds : 0;

    private static JsonArray Strings(IEnumerable<string> values) => new(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());

    private static JsonNode? Meta(IReadOnlyDictionary<string, string>? meta)
    {
        if (meta is null)
        {
            return null;
        }
        var json = new JsonObject();
        foreach (var (key, value) in meta.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            json[key] = value;
        }
        return json;
    }
}
