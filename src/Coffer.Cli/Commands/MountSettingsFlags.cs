using System.Text.Json.Nodes;
using Coffer.Cli.Flags;

namespace Coffer.Cli.Commands;

/// <summary>
/// The mount settings `secrets enable|tune` and `auth enable|tune` share, with vault's flag names. On enable they go
/// into the <c>config</c> block, on tune into the body; only flags that were given are sent, so the server keeps
/// (or defaults) the rest.
/// </summary>
internal sealed class MountSettingsFlags
{
    private readonly bool _tune;

    private MountSettingsFlags(FlagSet flags, string thing, bool tune)
    {
        _tune = tune;
        var reset = tune ? "; -1 for the server's default" : ". Defaults to the server's default";
        DefaultLeaseTtl = flags.AddDuration("default-lease-ttl", $"Default lease TTL of the {thing}{reset}.");
        MaxLeaseTtl = flags.AddDuration("max-lease-ttl", $"Maximum lease TTL of the {thing}{reset}.");
        AuditNonHmacRequestKeys = flags.AddStringList("audit-non-hmac-request-keys",
            "Request data key the audit devices log as given instead of hashing it. Repeat for several keys.");
        AuditNonHmacResponseKeys = flags.AddStringList("audit-non-hmac-response-keys",
            "Response data key the audit devices log as given instead of hashing it. Repeat for several keys.");
        ListingVisibility = flags.AddString("listing-visibility", "",
            $"Whether the UI lists the {thing} to unauthenticated users: \"unauth\" or \"hidden\".");
        PassthroughRequestHeaders = flags.AddStringList("passthrough-request-headers",
            $"Request header passed on to the {thing}. Repeat for several headers.");
        AllowedResponseHeaders = flags.AddStringList("allowed-response-headers",
            $"Response header the {thing} may set. Repeat for several headers.");
        PluginVersion = flags.AddString("plugin-version", "", $"Version of the plugin to run for the {thing}; empty for the built-in one.");
        Options = flags.AddKeyValue("options", $"Option for the {thing}, as key=value. Repeat for several options.");
    }

    public DurationFlag DefaultLeaseTtl { get; }
    public DurationFlag MaxLeaseTtl { get; }
    public StringListFlag AuditNonHmacRequestKeys { get; }
    public StringListFlag AuditNonHmacResponseKeys { get; }
    public StringFlag ListingVisibility { get; }
    public StringListFlag PassthroughRequestHeaders { get; }
    public StringListFlag AllowedResponseHeaders { get; }
    public StringFlag PluginVersion { get; }
    public KeyValueFlag Options { get; }

    /// <summary>Flags for enabling: TTLs are sent as given.</summary>
    public static MountSettingsFlags ForEnable(FlagSet flags, string thing) => new(flags, thing, tune: false);

    /// <summary>Flags for tuning: a negative TTL means "back to the system value", as in vault.</summary>
    public static MountSettingsFlags ForTune(FlagSet flags, string thing) => new(flags, thing, tune: true);

    /// <summary>The lease TTLs, first in vault's field order.</summary>
    public void AddTtlsTo(JsonObject target)
    {
        AddTtl(target, "default_lease_ttl", DefaultLeaseTtl);
        AddTtl(target, "max_lease_ttl", MaxLeaseTtl);
    }

    /// <summary>Every other setting that was given.</summary>
    public void AddSettingsTo(JsonObject target)
    {
        AddList(target, "audit_non_hmac_request_keys", AuditNonHmacRequestKeys);
        AddList(target, "audit_non_hmac_response_keys", AuditNonHmacResponseKeys);
        target.AddIfGiven("listing_visibility", ListingVisibility);
        AddList(target, "passthrough_request_headers", PassthroughRequestHeaders);
        AddList(target, "allowed_response_headers", AllowedResponseHeaders);
        target.AddIfGiven("plugin_version", PluginVersion);
    }

    /// <summary>The <c>-options</c> pairs plus, when positive, <paramref name="version"/>; null when there are none.</summary>
    public JsonObject? OptionsOrNull(int version = 0)
    {
        if (Options.Pairs.Count == 0 && version <= 0)
        {
            return null;
        }
        var options = new JsonObject();
        foreach (var (key, value) in Options.Pairs)
        {
            options[key] = value;
        }
        if (version > 0)
        {
            options["version"] = version.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        return options;
    }

    private void AddTtl(JsonObject target, string name, DurationFlag flag)
    {
        if (!_tune)
        {
            target.AddIfGiven(name, flag);
        }
        else if (flag.Value < TimeSpan.Zero)
        {
            target[name] = "system";
        }
        else if (flag.Value > TimeSpan.Zero)
        {
            target[name] = GoDuration.Format(flag.Value);
        }
    }

    private static void AddList(JsonObject target, string name, StringListFlag flag)
    {
        if (flag.IsSet)
        {
            target[name] = new JsonArray(flag.Values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());
        }
    }
}
