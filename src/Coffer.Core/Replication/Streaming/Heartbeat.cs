using System.Text.Json;
using System.Text.Json.Nodes;

namespace Coffer.Core.Replication.Streaming;

/// <summary>
/// The primary's heartbeat on a WAL stream: its clock (the lag canary of DESIGN.md §4.1 invariant 6, since a
/// secondary reaches it only after applying everything sent before it), its last index and where its nodes listen.
/// </summary>
public sealed record Heartbeat(long PrimaryUnixMs, ulong LastIndex, string ApiAddress, IReadOnlyList<string> ClusterAddresses)
{
    public JsonObject ToJson() => new()
    {
        ["time_ms"] = PrimaryUnixMs,
        ["last_wal"] = LastIndex,
        ["api_addr"] = ApiAddress,
        ["cluster_addrs"] = new JsonArray(ClusterAddresses.Select(a => (JsonNode)a).ToArray()),
    };

    /// <exception cref="InvalidDataException">Not a heartbeat.</exception>
    public static Heartbeat Parse(ReadOnlySpan<byte> payload)
    {
        try
        {
            var json = JsonNode.Parse(payload)!.AsObject();
            return new Heartbeat(json["time_ms"]!.GetValue<long>(), json["last_wal"]!.GetValue<ulong>(),
                json["api_addr"]?.GetValue<string>() ?? "",
                json["cluster_addrs"] is JsonArray addrs ? addrs.Select(a => a!.GetValue<string>()).ToList() : []);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or NullReferenceException or FormatException)
        {
            throw new InvalidDataException("malformed heartbeat", e);
        }
    }
}
