using System.Globalization;
using System.Text.Json.Nodes;
using Coffer.Core.Access;

namespace Coffer.Core.Engines.Kv;

/// <summary>One version's bookkeeping; its data is stored separately so metadata reads stay small.</summary>
public sealed class KvV2VersionInfo
{
    public DateTimeOffset CreatedTime { get; set; }
    public DateTimeOffset? DeletionTime { get; set; }
    public bool Destroyed { get; set; }

    /// <summary>Soft-deleted once the deletion time has passed: <c>delete_version_after</c> sets it in the future.</summary>
    public bool IsDeletedAt(DateTimeOffset now) => DeletionTime is { } when && when <= now;

    public JsonObject ToJson() => new()
    {
        ["created_time"] = KvV2Time.Format(CreatedTime),
        ["deletion_time"] = DeletionTime is { } when ? KvV2Time.Format(when) : "",
        ["destroyed"] = Destroyed,
    };
}

/// <summary>The metadata of one key: settings plus the bookkeeping of every version still kept.</summary>
public sealed class KvV2Metadata
{
    public long CurrentVersion { get; set; }
    public long OldestVersion { get; set; }
    public long MaxVersions { get; set; }
    public bool CasRequired { get; set; }
    public long DeleteVersionAfterSeconds { get; set; }
    public Dictionary<string, string>? CustomMetadata { get; set; }
    public DateTimeOffset CreatedTime { get; set; }
    public DateTimeOffset UpdatedTime { get; set; }
    public SortedDictionary<long, KvV2VersionInfo> Versions { get; set; } = [];

    public JsonObject ToJson()
    {
        var versions = new JsonObject();
        foreach (var (number, info) in Versions)
        {
            versions[number.ToString(CultureInfo.InvariantCulture)] = info.ToJson();
        }
        return new JsonObject
        {
            ["cas_required"] = CasRequired,
            ["created_time"] = KvV2Time.Format(CreatedTime),
            ["current_version"] = CurrentVersion,
            ["custom_metadata"] = CustomMetadataJson(),
            ["delete_version_after"] = GoDurationText.Format(DeleteVersionAfterSeconds),
            ["max_versions"] = MaxVersions,
            ["oldest_version"] = OldestVersion,
            ["updated_time"] = KvV2Time.Format(UpdatedTime),
            ["versions"] = versions,
        };
    }

    /// <summary>The per-version shape returned by writes and inside data reads.</summary>
    public JsonObject VersionJson(long version)
    {
        var info = Versions[version].ToJson();
        info["custom_metadata"] = CustomMetadataJson();
        info["version"] = version;
        return info;
    }

    private JsonObject? CustomMetadataJson()
    {
        if (CustomMetadata is null)
        {
            return null;
        }
        var map = new JsonObject();
        foreach (var (key, value) in CustomMetadata)
        {
            map[key] = value;
        }
        return map;
    }
}
