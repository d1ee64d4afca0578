using System.Text.Json.Nodes;

namespace Coffer.Core.Routing;

/// <summary>One entry of the mount table: where an engine lives and how it is configured.</summary>
public sealed record MountEntry
{
    /// <summary>What auth methods issue unless tuned otherwise; Vault reports the unset value under this name.</summary>
    public const string DefaultTokenType = "default-service";

    /// <summary>Mount path with a trailing slash, e.g. <c>secret/</c>.</summary>
    public required string Path { get; init; }
    public required string Type { get; init; }
    public string Description { get; init; } = "";
    public required string Uuid { get; init; }
    public required string Accessor { get; init; }
    public bool Local { get; init; }
    public bool SealWrap { get; init; }
    public bool ExternalEntropyAccess { get; init; }
    public long DefaultLeaseTtlSeconds { get; init; }
    public long MaxLeaseTtlSeconds { get; init; }
    public IReadOnlyDictionary<string, string> Options { get; init; } = new Dictionary<string, string>();

    /// <summary><c>""</c>, <c>hidden</c> or <c>unauth</c>: the last lists the mount to callers without a token.</summary>
    public string ListingVisibility { get; init; } = "";

    /// <summary>Request fields the audit log writes as given instead of hashed.</summary>
    public IReadOnlyList<string> AuditNonHmacRequestKeys { get; init; } = [];

    /// <summary>Response fields the audit log writes as given instead of hashed.</summary>
    public IReadOnlyList<string> AuditNonHmacResponseKeys { get; init; } = [];

    public IReadOnlyList<string> PassthroughRequestHeaders { get; init; } = [];
    public IReadOnlyList<string> AllowedResponseHeaders { get; init; } = [];

    /// <summary>Auth mounts only: <c>default-service</c>, <c>default-batch</c>, <c>service</c> or <c>batch</c>.</summary>
    public string TokenType { get; init; } = DefaultTokenType;

    /// <summary>The plugin version the operator pinned; empty means the built-in one.</summary>
    public string PluginVersion { get; init; } = "";

    /// <summary>
    /// Set while a kv mount tuned from version 1 to 2 still holds version 1 data. Kept in the stored table only, so
    /// an upgrade interrupted by a crash or a seal is finished when the mount is loaded again.
    /// </summary>
    public bool KvUpgradePending { get; init; }

    /// <summary>The namespace the mount belongs to; its <see cref="Path"/> is relative to that namespace.</summary>
    public string NamespaceId { get; init; } = "root";

    /// <summary>Auth methods live under <c>auth/</c> and are listed by <c>sys/auth</c>, not <c>sys/mounts</c>.</summary>
    public bool IsAuth => Path.StartsWith("auth/", StringComparison.Ordinal);

    /// <summary>Storage prefix of the mount's data: its class follows from the mount's <see cref="Local"/> flag.</summary>
    public string StoragePrefix => IsAuth ? $"auth/{Uuid}/" : $"logical/{Uuid}/";

    /// <summary>Every engine is built in, so the running version is the server's own, in Vault's builtin form.</summary>
    public static string RunningPluginVersion => $"v{CofferVersion.Version}+builtin.coffer";

    public JsonObject ToJson()
    {
        return new JsonObject
        {
            ["type"] = Type,
            ["description"] = Description,
            ["accessor"] = Accessor,
            ["uuid"] = Uuid,
            ["config"] = Config(),
            ["options"] = OptionsJson(),
            ["local"] = Local,
            ["seal_wrap"] = SealWrap,
            ["external_entropy_access"] = ExternalEntropyAccess,
            ["plugin_version"] = PluginVersion,
            ["running_plugin_version"] = RunningPluginVersion,
            ["running_sha256"] = "",
            ["deprecation_status"] = "supported",
        };
    }

    /// <summary>The <c>options</c> object as Vault reports it: null when empty, values always strings.</summary>
    public JsonObject? OptionsJson()
    {
        if (Options.Count == 0)
        {
            return null;
        }
        var options = new JsonObject();
        foreach (var (key, value) in Options.OrderBy(o => o.Key, StringComparer.Ordinal))
        {
            options[key] = value;
        }
        return options;
    }

    /// <summary>The optional config keys, each present only when set, as Vault reports them in mount info and tune.</summary>
    public void AddOptionalConfig(JsonObject target)
    {
        AddList(target, "audit_non_hmac_request_keys", AuditNonHmacRequestKeys);
        AddList(target, "audit_non_hmac_response_keys", AuditNonHmacResponseKeys);
        if (ListingVisibility.Length > 0)
        {
            target["listing_visibility"] = ListingVisibility;
        }
        AddList(target, "passthrough_request_headers", PassthroughRequestHeaders);
        AddList(target, "allowed_response_headers", AllowedResponseHeaders);
        if (IsAuth)
        {
            target["token_type"] = TokenType;
        }
    }

    private JsonObject Config()
    {
        var config = new JsonObject
        {
            ["default_lease_ttl"] = DefaultLeaseTtlSeconds,
            ["max_lease_ttl"] = MaxLeaseTtlSeconds,
            ["force_no_cache"] = false,
        };
        AddOptionalConfig(config);
        return config;
    }

    private static void AddList(JsonObject target, string name, IReadOnlyList<string> values)
    {
        if (values.Count > 0)
        {
            target[name] = new JsonArray(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());
        }
    }

    public JsonObject ToStorageJson()
    {
        var json = ToJson();
        json["path"] = Path;
        json["namespace_id"] = NamespaceId;
        if (KvUpgradePending)
        {
            json["kv_upgrade_pending"] = true;
        }
        return json;
    }

    public static MountEntry FromStorageJson(JsonObject json)
    {
        var options = new Dictionary<string, string>();
        if (json["options"] is JsonObject storedOptions)
        {
            foreach (var (key, value) in storedOptions)
            {
                options[key] = value?.GetValue<string>() ?? "";
            }
        }
        var config = json["config"]!.AsObject();
        return new MountEntry
        {
            Path = json["path"]!.GetValue<string>(),
            Type = json["type"]!.GetValue<string>(),
            Description = json["description"]?.GetValue<string>() ?? "",
            Uuid = json["uuid"]!.GetValue<string>(),
            Accessor = json["accessor"]!.GetValue<string>(),
            Local = json["local"]?.GetValue<bool>() ?? false,
            SealWrap = json["seal_wrap"]?.GetValue<bool>() ?? false,
            ExternalEntropyAccess = json["external_entropy_access"]?.GetValue<bool>() ?? false,
            DefaultLeaseTtlSeconds = config["default_lease_ttl"]?.GetValue<long>() ?? 0,
            MaxLeaseTtlSeconds = config["max_lease_ttl"]?.GetValue<long>() ?? 0,
            Options = options,
            ListingVisibility = config["listing_visibility"]?.GetValue<string>() ?? "",
            AuditNonHmacRequestKeys = StoredList(config, "audit_non_hmac_request_keys"),
            AuditNonHmacResponseKeys = StoredList(config, "audit_non_hmac_response_keys"),
            PassthroughRequestHeaders = StoredList(config, "passthrough_request_headers"),
            AllowedResponseHeaders = StoredList(config, "allowed_response_headers"),
            TokenType = config["token_type"]?.GetValue<string>() ?? DefaultTokenType,
            PluginVersion = json["plugin_version"]?.GetValue<string>() ?? "",
            KvUpgradePending = json["kv_upgrade_pending"]?.GetValue<bool>() ?? false,
            NamespaceId = json["namespace_id"]?.GetValue<string>() ?? "root",
        };
    }

    private static IReadOnlyList<string> StoredList(JsonObject config, string name) =>
        config[name] is JsonArray array ? array.Select(n => n!.GetValue<string>()).ToList() : [];
}
