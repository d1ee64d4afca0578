using System.Text.Json;
using System.Text.Json.Nodes;
using Coffer.Core.Json;
using Coffer.Core.Routing;

namespace Coffer.Core.Engines.System;

/// <summary>
/// The settings a mount's <c>config</c> block (enable) and its tune body share. Every field is parsed and checked
/// before the entry is changed, so a bad value leaves nothing half-applied; a field that is absent is left as it is.
/// </summary>
internal static class MountSettingsInput
{
    private static readonly string[] TokenTypes = ["default-service", "default-batch", "service", "batch"];

    /// <summary>Returns <paramref name="entry"/> with the settings in <paramref name="data"/> applied and validated.</summary>
    public static MountEntry Apply(MountEntry entry, JsonObject data, CoreOptions options)
    {
        var defaultTtl = Ttl(data, "default_lease_ttl") ?? entry.DefaultLeaseTtlSeconds;
        var maxTtl = Ttl(data, "max_lease_ttl") ?? entry.MaxLeaseTtlSeconds;
        if (defaultTtl != 0 && maxTtl != 0 && maxTtl < defaultTtl)
        {
            throw CofferError.BadRequest($"backend max lease TTL of {maxTtl} would be less than backend default lease TTL of {defaultTtl}");
        }
        if (maxTtl > options.MaxLeaseTtlSeconds)
        {
            throw CofferError.BadRequest("given max lease TTL greater than system max lease TTL");
        }
        var visibility = LenientFields.GetString(data, "listing_visibility") ?? entry.ListingVisibility;
        if (visibility is not ("" or "hidden" or "unauth"))
        {
            throw CofferError.BadRequest($"invalid listing_visibility {visibility}");
        }
        var tokenType = LenientFields.GetString(data, "token_type");
        if (tokenType is not null)
        {
            if (!entry.IsAuth)
            {
                throw CofferError.BadRequest("'token_type' can only be modified on auth mounts");
            }
            if (entry.Type == "token")
            {
                throw CofferError.BadRequest("'token_type' cannot be set for 'token' or 'ns_token' auth mounts");
            }
            if (tokenType.Length == 0)
            {
                tokenType = MountEntry.DefaultTokenType;
            }
            if (!TokenTypes.Contains(tokenType))
            {
                throw CofferError.BadRequest("invalid value for 'token_type'");
            }
        }
        var pluginVersion = LenientFields.GetString(data, "plugin_version");
        if (pluginVersion is not null && pluginVersion.Length > 0 && pluginVersion != MountEntry.RunningPluginVersion)
        {
            throw CofferError.BadRequest($"plugin version {pluginVersion} of {entry.Type} is not in the catalog; " +
                                         $"only the built-in {MountEntry.RunningPluginVersion} is available");
        }
        return entry with
        {
            DefaultLeaseTtlSeconds = defaultTtl,
            MaxLeaseTtlSeconds = maxTtl,
            ListingVisibility = visibility,
            AuditNonHmacRequestKeys = StringList(data, "audit_non_hmac_request_keys") ?? entry.AuditNonHmacRequestKeys,
            AuditNonHmacResponseKeys = StringList(data, "audit_non_hmac_response_keys") ?? entry.AuditNonHmacResponseKeys,
            PassthroughRequestHeaders = StringList(data, "passthrough_request_headers") ?? entry.PassthroughRequestHeaders,
            AllowedResponseHeaders = StringList(data, "allowed_response_headers") ?? entry.AllowedResponseHeaders,
            TokenType = tokenType ?? entry.TokenType,
            PluginVersion = pluginVersion ?? entry.PluginVersion,
        };
    }

    /// <summary>A lease TTL: a duration or seconds; <c>system</c> (or 0) means the system value. Empty leaves it alone.</summary>
    private static long? Ttl(JsonObject data, string name)
    {
        if (data[name] is JsonValue value && value.GetValueKind() == JsonValueKind.String)
        {
            switch (value.GetValue<string>())
            {
                case "":
                    return null;
                case "system":
                    return 0;
            }
        }
        return LenientFields.GetDurationSeconds(data, name);
    }

    /// <summary>A list of strings: a JSON array of strings or one comma-separated string, as Vault's framework takes it.</summary>
    public static IReadOnlyList<string>? StringList(JsonObject data, string name)
    {
        switch (data[name])
        {
            case null:
                return null;
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                return value.GetValue<string>().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            case JsonArray array:
                var items = new List<string>();
                foreach (var item in array)
                {
                    if (item is not JsonValue element || element.GetValueKind() != JsonValueKind.String)
                    {
                        throw Invalid(name);
                    }
                    var text = element.GetValue<string>().Trim();
                    if (text.Length > 0)
                    {
                        items.Add(text);
                    }
                }
                return items;
            default:
                throw Invalid(name);
        }
    }

    private static CofferError Invalid(string name) =>
        CofferError.BadRequest($"error converting input for field \"{name}\": expected a list of strings");
}
