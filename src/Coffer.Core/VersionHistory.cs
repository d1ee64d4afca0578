using System.Text.Json;
using System.Text.Json.Nodes;
using Coffer.Core.Barrier;

namespace Coffer.Core;

/// <summary>Records each Coffer version the first time it unseals this cluster (<c>sys/version-history</c>).</summary>
public static class VersionHistory
{
    private const string Prefix = "core/local/versions/";

    public static async Task RecordAsync(ISecureStorage storage, string version, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (await storage.GetAsync(Prefix + version, cancellationToken) is null)
        {
            await storage.PutAsync(Prefix + version,
                JsonSerializer.SerializeToUtf8Bytes(new JsonObject { ["timestamp_installed"] = now.ToString("O") }), cancellationToken);
        }
    }

    public static async Task<JsonObject> ReadAsync(ISecureStorage storage, CancellationToken cancellationToken)
    {
        var installed = new List<(string Version, DateTimeOffset Installed)>();
        foreach (var version in await storage.ListAsync(Prefix, cancellationToken))
        {
            var json = JsonNode.Parse((await storage.GetAsync(Prefix + version, cancellationToken))!)!.AsObject();
            installed.Add((version, DateTimeOffset.Parse(json["timestamp_installed"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture)));
        }
        installed.Sort((a, b) => a.Installed.CompareTo(b.Installed));
        var keyInfo = new JsonObject();
        string? previous = null;
        foreach (var (version, time) in installed)
        {
            keyInfo[version] = new JsonObject
            {
                ["build_date"] = null,
                ["previous_version"] = previous,
                ["timestamp_installed"] = time.ToString("yyyy-MM-ddTHH:mm:ss.fffZ"),
            };
            previous = version;
        }
        return new JsonObject
        {
            ["keys"] = new JsonArray(installed.Select(i => (JsonNode)JsonValue.Create(i.Version)).ToArray()),
            ["key_info"] = keyInfo,
        };
    }
}
