using System.Text.Json.Nodes;

namespace Coffer.Core.Audit;

/// <summary>One row of the audit table: where a device is mounted and how it is configured.</summary>
public sealed record AuditDeviceEntry
{
    /// <summary>Device path with a trailing slash, e.g. <c>file/</c>.</summary>
    public required string Path { get; init; }
    public required string Type { get; init; }
    public string Description { get; init; } = "";
    public IReadOnlyDictionary<string, string> Options { get; init; } = new Dictionary<string, string>();

    /// <summary>A local device is kept by this cluster (and its DR secondaries) only.</summary>
    public bool Local { get; init; }

    /// <summary>Names the device's salt in storage; never reused after the device is disabled.</summary>
    public required string Uuid { get; init; }

    /// <summary>The shape <c>GET sys/audit</c> returns for each device.</summary>
    public JsonObject ToApiJson() => new()
    {
        ["type"] = Type,
        ["description"] = Description,
        ["options"] = OptionsJson(),
        ["local"] = Local,
        ["path"] = Path,
    };

    public JsonObject ToStorageJson()
    {
        var json = ToApiJson();
        json["uuid"] = Uuid;
        return json;
    }

    public static AuditDeviceEntry FromStorageJson(JsonObject json)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        if (json["options"] is JsonObject stored)
        {
            foreach (var (key, value) in stored)
            {
                options[key] = value?.GetValue<string>() ?? "";
            }
        }
        return new AuditDeviceEntry
        {
            Path = json["path"]!.GetValue<string>(),
            Type = json["type"]!.GetValue<string>(),
            Description = json["description"]?.GetValue<string>() ?? "",
            Options = options,
            Local = json["local"]?.GetValue<bool>() ?? false,
            Uuid = json["uuid"]!.GetValue<string>(),
        };
    }

    private JsonObject OptionsJson()
    {
        var options = new JsonObject();
        foreach (var (key, value) in Options.OrderBy(o => o.Key, StringComparer.Ordinal))
        {
            options[key] = value;
        }
        return options;
    }
}
