using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Coffer.Core.Engines.Database;

/// <summary>
/// A static role (<c>static-roles/:name</c>): an existing database account whose password the engine owns and rotates
/// every <see cref="RotationPeriodSeconds"/>. The current password lives here, behind the barrier.
/// </summary>
public sealed record DatabaseStaticRole
{
    /// <summary>Vault's lower bound: rotating more often than this only loads the database.</summary>
    public const long MinRotationPeriodSeconds = 5;

    [JsonPropertyName("db_name")] public string DbName { get; init; } = "";
    [JsonPropertyName("username")] public string Username { get; init; } = "";
    [JsonPropertyName("rotation_period")] public long RotationPeriodSeconds { get; init; }
    [JsonPropertyName("rotation_statements")] public List<string> RotationStatements { get; init; } = [];
    [JsonPropertyName("password")] public string Password { get; init; } = "";
    [JsonPropertyName("last_vault_rotation")] public DateTimeOffset LastVaultRotation { get; init; }

    /// <summary>
    /// Written before a rotation changes the database and cleared with the new password stored: set afterwards, it
    /// means a rotation broke without knowing whether the database took it, so the role is rotated again at once.
    /// </summary>
    [JsonPropertyName("pending_password")] public string PendingPassword { get; init; } = "";

    public DateTimeOffset NextRotation => LastVaultRotation.AddSeconds(RotationPeriodSeconds);

    /// <summary>Whether the rotation loop should rotate this role now.</summary>
    public bool IsRotationDue(DateTimeOffset now) => PendingPassword.Length > 0 || NextRotation <= now;

    /// <summary>Seconds until the next rotation, never negative.</summary>
    public long TtlSeconds(DateTimeOffset now) => Math.Max(0, (long)Math.Ceiling((NextRotation - now).TotalSeconds));

    public JsonObject Describe(DateTimeOffset now) => new()
    {
        ["db_name"] = DbName,
        ["username"] = Username,
        ["rotation_period"] = RotationPeriodSeconds,
        ["rotation_statements"] = DatabaseRole.ToArray(RotationStatements),
        ["last_vault_rotation"] = LastVaultRotation.ToString("o"),
        ["ttl"] = TtlSeconds(now),
        ["credential_type"] = "password",
    };
}
