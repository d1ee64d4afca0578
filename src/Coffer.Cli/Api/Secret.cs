using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Coffer.Cli.Api;

/// <summary>
/// The standard response envelope (<c>request_id</c>, <c>lease_*</c>, <c>data</c>, <c>warnings</c>,
/// <c>auth</c>, <c>wrap_info</c>). Kept as JSON so unknown fields and exact number text survive.
/// </summary>
internal sealed class Secret
{
    public Secret(JsonObject envelope)
    {
        Envelope = envelope;
    }

    public JsonObject Envelope { get; }

    public string RequestId => StringField(Envelope, "request_id");

    public string LeaseId => StringField(Envelope, "lease_id");

    public long LeaseDuration => LongField(Envelope, "lease_duration");

    public bool Renewable => BoolField(Envelope, "renewable");

    public JsonObject? Data => Envelope["data"] as JsonObject;

    public JsonObject? Auth => Envelope["auth"] as JsonObject;

    public JsonObject? WrapInfo => Envelope["wrap_info"] as JsonObject;

    public IReadOnlyList<string> Warnings =>
        Envelope["warnings"] is JsonArray warnings
            ? warnings.Where(w => w is not null).Select(w => w!.ToString()).ToList()
            : [];

    /// <returns>null for an empty body (such as a 204), which callers treat as "nothing returned".</returns>
    /// <exception cref="JsonException">The body is not a JSON object.</exception>
    public static Secret? Parse(string body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return null;
        }

        return JsonNode.Parse(body) is JsonObject envelope
            ? new Secret(envelope)
            : throw new JsonException("response body is not a JSON object");
    }

    public static string StringField(JsonObject? obj, string name) =>
        obj?[name] is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : "";

    public static long LongField(JsonObject? obj, string name) =>
        obj?[name] is JsonValue value
        && value.GetValueKind() == JsonValueKind.Number
        && long.TryParse(value.ToJsonString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number)
            ? number
            : 0;

    public static bool BoolField(JsonObject? obj, string name) =>
        obj?[name] is JsonValue value && value.GetValueKind() == JsonValueKind.True;
}
