using System.Text.Json.Nodes;
using Coffer.Cli.Api;

namespace Coffer.Cli.Output;

/// <summary>
/// The Key/Value rows vault shows for a response: lease (or refresh_interval), then token fields for auth
/// responses, then wrapping fields, then the data keys in sorted order.
/// </summary>
internal static class SecretTable
{
    public static IReadOnlyList<(string Key, string Value)> Rows(Secret secret)
    {
        var rows = new List<(string Key, string Value)>();
        AddLeaseRows(secret, rows);
        if (secret.Auth is { } auth)
        {
            AddAuthRows(auth, rows);
        }

        if (secret.WrapInfo is { } wrapInfo)
        {
            AddWrapRows(wrapInfo, rows);
        }

        if (secret.Data is { } data)
        {
            rows.AddRange(DataRows(data));
        }

        return rows;
    }

    /// <summary>Rows for any JSON object: sorted keys, Go-style values, TTL-like fields as durations.</summary>
    public static IEnumerable<(string Key, string Value)> DataRows(JsonObject data) =>
        data.OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => (p.Key, FormatValue(p.Key, p.Value)));

    private static string FormatValue(string key, JsonNode? value) =>
        (HumanDuration.LooksLikeDuration(key) ? HumanDuration.TryFormat(value) : null) ?? GoValueFormatter.Format(value);

    private static void AddLeaseRows(Secret secret, List<(string Key, string Value)> rows)
    {
        if (secret.LeaseDuration <= 0)
        {
            return;
        }

        var duration = HumanDuration.FromSeconds(secret.LeaseDuration);
        if (secret.LeaseId.Length > 0)
        {
            rows.Add(("lease_id", secret.LeaseId));
            rows.Add(("lease_duration", duration));
            rows.Add(("lease_renewable", secret.Renewable ? "true" : "false"));
        }
        else
        {
            // Static secrets carry a lease duration only as a hint for when to re-read; vault calls it that.
            rows.Add(("refresh_interval", duration));
        }
    }

    private static void AddAuthRows(JsonObject auth, List<(string Key, string Value)> rows)
    {
        var leaseDuration = Secret.LongField(auth, "lease_duration");
        rows.Add(("token", Secret.StringField(auth, "client_token")));
        rows.Add(("token_accessor", Secret.StringField(auth, "accessor")));
        // A zero duration means the token never expires (root tokens).
        rows.Add(("token_duration", leaseDuration == 0 ? "∞" : HumanDuration.FromSeconds(leaseDuration)));
        rows.Add(("token_renewable", Secret.BoolField(auth, "renewable") ? "true" : "false"));
        rows.Add(("token_policies", GoValueFormatter.FormatQuotedList(auth["token_policies"])));
        rows.Add(("identity_policies", GoValueFormatter.FormatQuotedList(auth["identity_policies"])));
        rows.Add(("policies", GoValueFormatter.FormatQuotedList(auth["policies"])));
        if (auth["metadata"] is JsonObject metadata)
        {
            foreach (var (key, value) in metadata.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                rows.Add(("token_meta_" + key, GoValueFormatter.Format(value)));
            }
        }
    }

    private static void AddWrapRows(JsonObject wrapInfo, List<(string Key, string Value)> rows)
    {
        rows.Add(("wrapping_token:", Secret.StringField(wrapInfo, "token")));
        rows.Add(("wrapping_accessor:", Secret.StringField(wrapInfo, "accessor")));
        rows.Add(("wrapping_token_ttl:", HumanDuration.FromSeconds(Secret.LongField(wrapInfo, "ttl"))));
        rows.Add(("wrapping_token_creation_time:", GoTimeText.Format(Secret.StringField(wrapInfo, "creation_time"))));
        rows.Add(("wrapping_token_creation_path:", Secret.StringField(wrapInfo, "creation_path")));
        var wrappedAccessor = Secret.StringField(wrapInfo, "wrapped_accessor");
        if (wrappedAccessor.Length > 0)
        {
            rows.Add(("wrapped_accessor:", wrappedAccessor));
        }
    }
}
