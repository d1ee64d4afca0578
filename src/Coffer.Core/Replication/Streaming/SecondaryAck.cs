using System.Text.Json.Nodes;

namespace Coffer.Core.Replication.Streaming;

/// <summary>
/// What a secondary reports to its primary about once a second: how far it applied and what it measured of the
/// link. The primary shows these in <c>secondaries[]</c> (spec/replication.md §2.3) and derives lag from them.
/// </summary>
public sealed record SecondaryAck(ulong AppliedIndex, string ApiAddress, string ClusterAddress, long HeartbeatRttMs, long ClockSkewMs,
    long CanaryAgeMs)
{
    public JsonObject ToJson() => new()
    {
        ["applied_index"] = AppliedIndex,
        ["api_address"] = ApiAddress,
        ["cluster_address"] = ClusterAddress,
        ["heartbeat_rtt_ms"] = HeartbeatRttMs,
        ["clock_skew_ms"] = ClockSkewMs,
        ["canary_age_ms"] = CanaryAgeMs,
    };

    /// <exception cref="CofferError">400 when a field is missing or of the wrong type.</exception>
    public static SecondaryAck Parse(JsonObject json)
    {
        try
        {
            return new SecondaryAck(json["applied_index"]!.GetValue<ulong>(), json["api_address"]?.GetValue<string>() ?? "",
                json["cluster_address"]?.GetValue<string>() ?? "", json["heartbeat_rtt_ms"]?.GetValue<long>() ?? 0,
                json["clock_skew_ms"]?.GetValue<long>() ?? 0, json["canary_age_ms"]?.GetValue<long>() ?? -1);
        }
        catch (Exception e) when (e is InvalidOperationException or NullReferenceException or FormatException)
        {
            throw CofferError.BadRequest("malformed acknowledgement");
        }
    }
}
