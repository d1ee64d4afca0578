using System.Text.Json.Nodes;
using Coffer.Cli.Flags;

namespace Coffer.Cli.Commands.Kv;

/// <summary>
/// The per-key settings flags shared by `kv metadata put` and `kv metadata patch`. Only flags given on the command
/// line are sent, so the server keeps (put) or leaves untouched (patch) everything else.
/// </summary>
internal sealed class KvMetadataSettings
{
    private readonly IntFlag _maxVersions;
    private readonly BoolFlag _casRequired;
    private readonly DurationFlag _deleteVersionAfter;
    private readonly KeyValueFlag _customMetadata;

    public KvMetadataSettings(FlagSet flags)
    {
        _maxVersions = flags.AddInt("max-versions", -1,
            "The number of versions to keep; older ones are removed on write. 0 means the mount's setting.");
        _casRequired = flags.AddBool("cas-required",
            "Require check-and-set on every write of this key. When false the mount's setting applies.");
        _deleteVersionAfter = flags.AddDuration("delete-version-after",
            "How long after writing a version it is deleted, e.g. 30s or 3h25m19s. 0s means never.");
        _customMetadata = flags.AddKeyValue("custom-metadata",
            "Version-independent key=value metadata describing the secret. Repeat for several keys.");
    }

    public IReadOnlyList<KeyValuePair<string, string>> CustomMetadata => _customMetadata.Pairs;

    /// <summary>The request body: <c>max_versions</c>, <c>cas_required</c>, <c>delete_version_after</c>, <c>custom_metadata</c>.</summary>
    public JsonObject ToRequest()
    {
        var data = new JsonObject();
        if (_maxVersions.Value >= 0)
        {
            data["max_versions"] = _maxVersions.Value;
        }

        if (_casRequired.IsSet)
        {
            data["cas_required"] = _casRequired.Value;
        }

        if (_deleteVersionAfter.GoTextIfSet is { } after)
        {
            data["delete_version_after"] = after;
        }

        if (_customMetadata.Pairs.Count > 0)
        {
            data["custom_metadata"] = new JsonObject(_customMetadata.Pairs.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)p.Value)));
        }

        return data;
    }
}
