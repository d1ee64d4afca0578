using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Coffer.Core.Engines.Database;

/// <summary>A dynamic role (<c>roles/:name</c>): the SQL that creates, renews and removes one short-lived account.</summary>
public sealed record DatabaseRole
{
    [JsonPropertyName("db_name")] public string DbName { get; init; } = "";
    [JsonPropertyName("creation_statements")] public List<string> CreationStatements { get; init; } = [];
    [JsonPropertyName("revocation_statements")] public List<string> RevocationStatements { get; init; } = [];
    [JsonPropertyName("renew_statements")] public List<string> RenewStatements { get; init; } = [];
    [JsonPropertyName("rollback_statements")] public List<string> RollbackStatements { get; init; } = [];
    [JsonPropertyName("default_ttl")] public long DefaultTtlSeconds { get; init; }
    [JsonPropertyName("max_ttl")] public long MaxTtlSeconds { get; init; }

    public JsonObject Describe() => new()
    {
        ["db_name"] = DbName,
        ["creation_statements"] = ToArray(CreationStatements),
        ["revocation_statements"] = ToArray(RevocationStatements),
        ["renew_statements"] = ToArray(RenewStatements),
        ["rollback_statements"] = ToArray(RollbackStatements),
        ["default_ttl"] = DefaultTtlSeconds,
        ["max_ttl"] = MaxTtlSeconds,
        ["credential_type"] = "password",
        ["credential_config"] = new JsonObject(),
    };

    internal static JsonArray ToArray(IEnumerable<string> items) => new(items.Select(i => (JsonNode)i).ToArray());
}
