using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Coffer.Cli.Api;

namespace Coffer.Cli.Output;

/// <summary>JSON as the vault CLI prints it: two-space indentation, map keys sorted, envelope fields in a fixed order.</summary>
internal static class JsonOutput
{
    private static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        // Secrets are shown to humans and piped to jq; escaping '+', '<' or non-ASCII would only obscure them.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static readonly JsonSerializerOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Indent(JsonNode? node) => node is null ? "null" : node.ToJsonString(Indented);

    public static string Minify(JsonNode? node) => node is null ? "null" : node.ToJsonString(Compact);

    /// <summary>
    /// The envelope in the shape vault prints for <c>-format=json</c>: request_id, lease_id, lease_duration,
    /// renewable, data, warnings always present (null when absent), then auth, wrap_info and mount_type only
    /// when the server sent them.
    /// </summary>
    public static JsonObject Envelope(Secret secret)
    {
        var source = secret.Envelope;
        var envelope = new JsonObject
        {
            ["request_id"] = secret.RequestId,
            ["lease_id"] = secret.LeaseId,
            ["lease_duration"] = secret.LeaseDuration,
            ["renewable"] = secret.Renewable,
            ["data"] = SortedCopy(source["data"]),
            ["warnings"] = source["warnings"]?.DeepClone(),
        };
        CopyIfPresent(source, envelope, "auth");
        CopyIfPresent(source, envelope, "wrap_info");
        if (Secret.StringField(source, "mount_type").Length > 0)
        {
            envelope["mount_type"] = Secret.StringField(source, "mount_type");
        }

        return envelope;
    }

    /// <summary>A deep copy with object keys sorted ordinally at every level, as Go prints maps.</summary>
    public static JsonNode? SortedCopy(JsonNode? node) => node switch
    {
        JsonObject obj => new JsonObject(obj
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => KeyValuePair.Create(p.Key, SortedCopy(p.Value)))),
        JsonArray array => new JsonArray(array.Select(SortedCopy).ToArray()),
        _ => node?.DeepClone(),
    };

    private static void CopyIfPresent(JsonObject source, JsonObject target, string name)
    {
        if (source[name] is { } value)
        {
            target[name] = value.DeepClone();
        }
    }
}
