using System.Globalization;
using System.Text.Json.Nodes;

namespace Coffer.Bench.Replication;

/// <summary>The fields of <c>sys/replication/dr/status</c> the benchmark watches.</summary>
public sealed class DrStatus(JsonObject data)
{
    public string Mode => Text("mode");

    /// <summary><c>stream-wals</c>, <c>merkle-diff</c>, <c>merkle-sync</c>, <c>idle</c> on a secondary; <c>running</c> on a primary.</summary>
    public string State => Text("state");

    public string MerkleRoot => Text("merkle_root");

    public long LastWal => Number(data["last_wal"]);

    public long LastRemoteWal => Number(data["last_remote_wal"]);

    /// <summary>The largest <c>secondaries[].lag_entries</c> a primary reports (0 without secondaries).</summary>
    public long MaxLagEntries =>
        data["secondaries"] is JsonArray secondaries && secondaries.Count > 0
            ? secondaries.Max(s => Number(s?["lag_entries"]))
            : 0;

    public bool IsStreamingWith(DrStatus primary) =>
        State == "stream-wals" && MerkleRoot.Length > 0 && MerkleRoot == primary.MerkleRoot;

    private string Text(string name) => data[name]?.ToString() ?? "";

    /// <summary>Vault types some numbers as strings inside <c>secondaries[]</c>; accept both.</summary>
    private static long Number(JsonNode? node) =>
        node is null ? 0 : long.TryParse(node.ToString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : 0;
}
