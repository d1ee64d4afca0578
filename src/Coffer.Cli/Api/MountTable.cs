using System.Text.Json.Nodes;

namespace Coffer.Cli.Api;

/// <summary>
/// The path → entry map that <c>sys/mounts</c>, <c>sys/auth</c> and <c>sys/audit</c> return. Current servers put it under
/// <c>data</c>; older ones only at the top level of the envelope, where it sits beside request_id and the
/// rest, so there only objects with a <c>type</c> count as entries.
/// </summary>
internal static class MountTable
{
    /// <exception cref="UnexpectedResponseException">The answer holds no table at all.</exception>
    public static IReadOnlyList<KeyValuePair<string, JsonObject>> FromEnvelope(Secret? secret)
    {
        if (secret is null)
        {
            throw new UnexpectedResponseException("data from server response is empty");
        }

        var source = secret.Data ?? secret.Envelope;
        return source
            .Where(pair => pair.Value is JsonObject entry && (secret.Data is not null || entry["type"] is not null))
            .Select(pair => KeyValuePair.Create(pair.Key, (JsonObject)pair.Value!))
            .OrderBy(pair => pair.Key, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The table as one JSON object, keys sorted, for -format=json.</summary>
    public static JsonObject ToJson(IEnumerable<KeyValuePair<string, JsonObject>> entries) =>
        new(entries.Select(pair => KeyValuePair.Create(pair.Key, Output.JsonOutput.SortedCopy(pair.Value))));
}
