using System.Globalization;
using System.Text.Json.Nodes;

namespace Coffer.Core.Auth.AppRole;

/// <summary>
/// A secret id's properties, stored under the HMAC of the secret id (the secret itself is never stored).
/// </summary>
internal sealed class SecretIdEntry
{
    public string Accessor { get; set; } = "";

    /// <summary>Logins left; 0 means unlimited. The entry is deleted when its last use is taken.</summary>
    public long NumUses { get; set; }
    public long TtlSeconds { get; set; }
    public DateTimeOffset CreationTime { get; set; }
    public DateTimeOffset LastUpdatedTime { get; set; }

    /// <summary>Null when the secret id never expires.</summary>
    public DateTimeOffset? ExpirationTime { get; set; }
    public Dictionary<string, string> Metadata { get; set; } = [];
    public List<string> CidrList { get; set; } = [];
    public List<string> TokenBoundCidrs { get; set; } = [];

    public bool IsExpired(DateTimeOffset now) => ExpirationTime is { } expiry && now >= expiry;

    /// <summary>The lookup response, in Vault's field names and time format.</summary>
    public JsonObject ToLookupData() => new()
    {
        ["cidr_list"] = StringArray(CidrList),
        ["creation_time"] = GoTime(CreationTime),
        ["expiration_time"] = ExpirationTime is { } expiry ? GoTime(expiry) : "0001-01-01T00:00:00Z",
        ["last_updated_time"] = GoTime(LastUpdatedTime),
        ["metadata"] = new JsonObject(Metadata.Select(m => KeyValuePair.Create(m.Key, (JsonNode?)JsonValue.Create(m.Value)))),
        ["secret_id_accessor"] = Accessor,
        ["secret_id_num_uses"] = NumUses,
        ["secret_id_ttl"] = TtlSeconds,
        ["token_bound_cidrs"] = StringArray(TokenBoundCidrs),
    };

    /// <summary>RFC 3339 with trailing zeros of the fraction dropped, as Go's RFC3339Nano prints.</summary>
    private static string GoTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    private static JsonArray StringArray(IEnumerable<string> items) =>
        new(items.Select(i => (JsonNode)JsonValue.Create(i)).ToArray());
}
