using System.Text.Json.Nodes;

namespace Coffer.Core.Access;

/// <summary>What the token store knows about a token. The token itself is never stored, only its salted hash.</summary>
public sealed record TokenEntry
{
    public required string Accessor { get; init; }
    public required IReadOnlyList<string> Policies { get; init; }
    public string Path { get; init; } = "auth/token/root";
    public string DisplayName { get; init; } = "root";
    public DateTimeOffset CreationTime { get; init; }

    public bool IsRoot => Policies.Contains("root");

    public JsonObject ToJson() => new()
    {
        ["accessor"] = Accessor,
        ["policies"] = new JsonArray(Policies.Select(p => (JsonNode)JsonValue.Create(p)).ToArray()),
        ["path"] = Path,
        ["display_name"] = DisplayName,
        ["creation_time"] = CreationTime.ToUnixTimeSeconds(),
    };

    public static TokenEntry FromJson(JsonObject json) => new()
    {
        Accessor = json["accessor"]!.GetValue<string>(),
        Policies = json["policies"]!.AsArray().Select(p => p!.GetValue<string>()).ToList(),
        Path = json["path"]?.GetValue<string>() ?? "",
        DisplayName = json["display_name"]?.GetValue<string>() ?? "",
        CreationTime = DateTimeOffset.FromUnixTimeSeconds(json["creation_time"]?.GetValue<long>() ?? 0),
    };
}
