using System.Text.Json.Nodes;
using Coffer.Core.Access;

namespace Coffer.Core.Engines.Kv;

/// <summary>Mount-wide defaults (<c>config</c> endpoint). A key's own non-zero setting wins over these.</summary>
public sealed class KvV2Config
{
    public const long DefaultMaxVersions = 10;

    public long MaxVersions { get; set; }
    public bool CasRequired { get; set; }
    public long DeleteVersionAfterSeconds { get; set; }

    public JsonObject ToJson() => new()
    {
        ["cas_required"] = CasRequired,
        ["delete_version_after"] = GoDurationText.Format(DeleteVersionAfterSeconds),
        ["max_versions"] = MaxVersions,
    };

    /// <summary>How many versions a key keeps: its own setting, else the mount's, else 10.</summary>
    public long EffectiveMaxVersions(KvV2Metadata key) =>
        key.MaxVersions > 0 ? key.MaxVersions : MaxVersions > 0 ? MaxVersions : DefaultMaxVersions;

    /// <summary>The smaller non-zero of the key and mount settings; zero means versions never expire.</summary>
    public long EffectiveDeleteAfter(KvV2Metadata key) =>
        (key.DeleteVersionAfterSeconds, DeleteVersionAfterSeconds) switch
        {
            (0, var mount) => mount,
            (var own, 0) => own,
            var (own, mount) => Math.Min(own, mount),
        };
}
