using System.Globalization;
using System.Text.Json.Nodes;
using Coffer.Cli.Api;

namespace Coffer.Cli.Output;

/// <summary>
/// A seal status (<c>sys/seal-status</c>) combined with HA details (<c>sys/leader</c>), rendered as vault
/// renders it: the rows and their order match `vault status` so existing parsing scripts keep working.
/// </summary>
internal sealed class SealStatusReport(JsonObject sealStatus, JsonObject? leader)
{
    private const string ZeroTime = "0001-01-01T00:00:00Z";

    public bool Sealed => Secret.BoolField(sealStatus, "sealed");

    private bool HaEnabled => Secret.BoolField(leader, "ha_enabled");

    /// <summary>The JSON for -format=json: the seal status fields followed by the HA fields.</summary>
    public JsonObject MachineView()
    {
        var view = (JsonObject)sealStatus.DeepClone();
        view["ha_enabled"] = HaEnabled;
        if (leader is not null)
        {
            foreach (var name in new[] { "is_self", "active_time", "leader_address", "leader_cluster_address", "performance_standby", "raft_committed_index", "raft_applied_index" })
            {
                if (leader[name] is { } value)
                {
                    view[name] = value.DeepClone();
                }
            }
        }

        return view;
    }

    public IReadOnlyList<(string Key, string Value)> TableRows()
    {
        var recoveryPrefix = Secret.BoolField(sealStatus, "recovery_seal") ? "Recovery " : "";
        var threshold = Secret.LongField(sealStatus, "t");
        var rows = new List<(string Key, string Value)>
        {
            (recoveryPrefix + "Seal Type", Text("type")),
            ("Initialized", Bool("initialized")),
            ("Sealed", Bool("sealed")),
            ($"Total {recoveryPrefix}Shares", Secret.LongField(sealStatus, "n").ToString(CultureInfo.InvariantCulture)),
            ("Threshold", threshold.ToString(CultureInfo.InvariantCulture)),
        };

        if (Sealed)
        {
            rows.Add(("Unseal Progress", $"{Secret.LongField(sealStatus, "progress")}/{threshold}"));
            rows.Add(("Unseal Nonce", Text("nonce")));
        }

        if (Secret.BoolField(sealStatus, "migration"))
        {
            rows.Add(("Seal Migration in Progress", "true"));
        }

        rows.Add(("Version", Text("version")));
        rows.Add(("Build Date", Text("build_date")));
        rows.Add(("Storage Type", Text("storage_type")));
        if (Text("cluster_name").Length > 0 && Text("cluster_id").Length > 0)
        {
            rows.Add(("Cluster Name", Text("cluster_name")));
            rows.Add(("Cluster ID", Text("cluster_id")));
        }

        rows.Add(("HA Enabled", HaEnabled ? "true" : "false"));
        if (HaEnabled && !Sealed)
        {
            AddHaRows(rows);
        }

        AddCountIfPositive(rows, "Raft Committed Index", "raft_committed_index");
        AddCountIfPositive(rows, "Raft Applied Index", "raft_applied_index");
        if (sealStatus["warnings"] is JsonArray { Count: > 0 } warnings)
        {
            rows.Add(("Warnings", GoValueFormatter.Format(warnings)));
        }

        return rows;
    }

    private void AddHaRows(List<(string Key, string Value)> rows)
    {
        var isSelf = Secret.BoolField(leader, "is_self");
        rows.Add(("HA Cluster", Secret.StringField(leader, "leader_cluster_address")));
        rows.Add(("HA Mode", isSelf ? "active" : "standby"));
        var activeTime = Secret.StringField(leader, "active_time");
        if (isSelf && activeTime.Length > 0 && activeTime != ZeroTime)
        {
            rows.Add(("Active Since", activeTime));
        }

        if (!isSelf)
        {
            var leaderAddress = Secret.StringField(leader, "leader_address");
            rows.Add(("Active Node Address", leaderAddress.Length == 0 ? "<none>" : leaderAddress));
        }
    }

    private void AddCountIfPositive(List<(string Key, string Value)> rows, string label, string field)
    {
        var value = Secret.LongField(leader, field);
        if (value > 0)
        {
            rows.Add((label, value.ToString(CultureInfo.InvariantCulture)));
        }
    }

    private string Text(string field) => Secret.StringField(sealStatus, field);

    private string Bool(string field) => Secret.BoolField(sealStatus, field) ? "true" : "false";
}
