using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Coffer.Core.Engines.Database;

/// <summary>A named connection (<c>config/:name</c>): how to reach the database as the engine's root user.</summary>
public sealed record DatabaseConfig
{
    public const string PostgresPlugin = "postgresql-database-plugin";

    [JsonPropertyName("plugin_name")] public string PluginName { get; init; } = PostgresPlugin;
    [JsonPropertyName("connection_url")] public string ConnectionUrl { get; init; } = "";
    [JsonPropertyName("username")] public string Username { get; init; } = "";
    [JsonPropertyName("password")] public string Password { get; init; } = "";
    [JsonPropertyName("allowed_roles")] public List<string> AllowedRoles { get; init; } = [];
    [JsonPropertyName("verify_connection")] public bool VerifyConnection { get; init; } = true;
    [JsonPropertyName("max_open_connections")] public int MaxOpenConnections { get; init; } = 4;
    [JsonPropertyName("max_idle_connections")] public int MaxIdleConnections { get; init; }
    [JsonPropertyName("max_connection_lifetime")] public long MaxConnectionLifetimeSeconds { get; init; }
    [JsonPropertyName("root_rotation_statements")] public List<string> RootRotationStatements { get; init; } = [];
    [JsonPropertyName("password_policy")] public string PasswordPolicy { get; init; } = "";

    /// <summary>
    /// Written before <c>rotate-root</c> changes the password in the database and cleared after the new one is stored:
    /// if the engine stops in between, or the database commits but the reply is lost, this is the password that works.
    /// Tried when <see cref="Password"/> is refused; never shown.
    /// </summary>
    [JsonPropertyName("pending_root_password")] public string PendingRootPassword { get; init; } = "";

    /// <summary>This config with its pending root password taken as the password.</summary>
    public DatabaseConfig WithPendingRootPasswordConfirmed() => this with { Password = PendingRootPassword, PendingRootPassword = "" };

    /// <summary>Vault's <c>allowed_roles</c> check: <c>*</c> allows all, entries may end in <c>*</c> as a prefix glob.</summary>
    public bool AllowsRole(string role) => AllowedRoles.Any(pattern =>
        pattern == "*" || pattern == role || (pattern.EndsWith('*') && role.StartsWith(pattern[..^1], StringComparison.Ordinal)));

    /// <summary>What a read returns: never the password, connection settings under <c>connection_details</c> as in Vault.</summary>
    public JsonObject Describe() => new()
    {
        ["plugin_name"] = PluginName,
        ["plugin_version"] = "",
        ["connection_details"] = new JsonObject
        {
            ["connection_url"] = ConnectionUrl,
            ["username"] = Username,
            ["max_open_connections"] = MaxOpenConnections,
            ["max_idle_connections"] = MaxIdleConnections,
            ["max_connection_lifetime"] = $"{MaxConnectionLifetimeSeconds}s",
        },
        ["allowed_roles"] = new JsonArray(AllowedRoles.Select(r => (JsonNode)r).ToArray()),
        ["root_credentials_rotate_statements"] = new JsonArray(RootRotationStatements.Select(r => (JsonNode)r).ToArray()),
        ["password_policy"] = PasswordPolicy,
        ["verify_connection"] = VerifyConnection,
    };
}
