using System.Text.Json.Nodes;

namespace Coffer.Core.Routing;

/// <summary>One entry of the mount table: where an engine lives and how it is configured.</summary>
public sealed record MountEntry
{
    /// <summary>Mount path with a trailing slash, e.g. <c>secret/</c>.</summary>
    public required string Path { get; init; }
    public required string Type { get; init; }
    public string Description { get; init; } = "";
    public required string Uuid { get; init; }
    public required string Accessor { get; init; }
    public bool Local { get; init; }
    public bool SealWrap { get; init; }
    public long DefaultLeaseTtlSeconds { get; init; }
    public long MaxLeaseTtlSeconds { get; init; }
    public IReadOnlyDictionary<string, string> Options { get; init; } = new Dictionary<string, string>();

    /// <summary>The namespace the mount belongs to; its <see cref="Path"/> is relative to that namespace.</summary>
    public string NamespaceId { get; init; } = "root";

    /// <summary>Auth methods live under <c>auth/</c> and are listed by <c>sys/auth</c>, not <c>sys/mounts</c>.</summary>
    public bool IsAuth => Path.StartsWith("auth/", StringComparison.Ordinal);

    /// <summary>Storage prefix of the mount's data: its class follows from the mount's <see cref="Local"/> flag.</summary>
    public string StoragePrefix => IsAuth ? $"auth/{Uuid}/" : $"logical/{Uuid}/";

    public JsonObject ToJson()
    {
        var options = new JsonObject();
        foreach (var (key, value) in Options.OrderBy(o => o.Key, StringComparer.Ordinal))
        {
            options[key] = value;
        }
        return new JsonObject
        {
            ["type"] = Type,
            ["description"] = Description,
            ["accessor"] = Accessor,
            ["uuid"] = Uuid,
            ["config"] = Config(),
            ["options"] = Options.Count == 0 ? null : options,
            ["local"] = Local,
            ["seal_wrap"] = SealWrap,
            ["external_entropy_access"] = false,
            ["plugin_version"] = "",
            ["running_plugin_version"] = "",
            ["running_sha256"] = "",
        };
    }

    private JsonObject Config()
    {
        var config = new JsonObject
        {
            ["default_lease_ttl"] = DefaultLeaseTtlSeconds,
            ["max_lease_ttl"] = MaxLeaseTtlSeconds,
            ["force_no_cache"] = false,
        };
        if (IsAuth)
        {
            // Auth methods issue service tokens unless tuned otherwise; Vault reports the setting as this name.
            config["token_type"] = "default-service";
        }
        return config;
    }

    public JsonObject ToStorageJson()
    {
        var json = ToJson();
        json["path"] = Path;
        json["namespace_id"] = NamespaceId;
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
            DefaultLeaseTtlSeconds = config["default_lease_ttl"]?.GetValue<long>() ?? 0,
            MaxLeaseTtlSeconds = config["max_lease_ttl"]?.GetValue<long>() ?? 0,
            Options = options,
            NamespaceId = json["namespace_id"]?.GetValue<string>() ?? "root",
        };
    }
}
