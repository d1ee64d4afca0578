using System.Text.Json.Nodes;

namespace Coffer.Core.Routing;

/// <summary>
/// Vault's JSON envelope for a response. It is a data format, not an HTTP detail: response wrapping stores it in a
/// cubbyhole and hands it back verbatim on unwrap.
/// </summary>
public static class ResponseEnvelope
{
    // Older clients decode these sys/ routes from the top level of the body, so their data is repeated there.
    private static readonly string[] TopLevelDataRoutes =
    [
        "sys/audit", "sys/audit/", "sys/audit-hash/", "sys/auth", "sys/auth/", "sys/config/cors",
        "sys/config/auditing/request-headers", "sys/capabilities", "sys/capabilities-accessor",
        "sys/capabilities-self", "sys/ha-status", "sys/key-status", "sys/mounts", "sys/mounts/", "sys/policy",
        "sys/policy/", "sys/rekey/backup", "sys/rekey/recovery-key-backup", "sys/remount", "sys/rotate",
        "sys/wrapping/wrap",
    ];

    /// <param name="request">The request answered.</param>
    /// <param name="response">The answer.</param>
    /// <param name="injectTopLevel">
    /// False for an envelope stored by response wrapping: the copy at the top level is for the legacy routes' own
    /// callers, and an unwrap hands back the envelope as the route built it, not as the HTTP layer decorated it.
    /// </param>
    public static JsonObject Build(Request request, Response response, bool injectTopLevel = true)
    {
        if (response.RawEnvelope is not null)
        {
            return response.RawEnvelope;
        }
        var body = new JsonObject();
        if (injectTopLevel && response.Data is { Count: > 0 } && response.WrapInfo is null && InjectsTopLevel(request.Path))
        {
            foreach (var (key, value) in response.Data)
            {
                body[key] = value?.DeepClone();
            }
        }
        var wrapped = response.WrapInfo is not null;
        body["request_id"] = wrapped ? "" : request.RequestId;
        body["lease_id"] = wrapped ? "" : response.LeaseId;
        body["renewable"] = !wrapped && response.Renewable;
        body["lease_duration"] = wrapped ? 0 : response.LeaseDuration;
        body["data"] = wrapped ? null : response.Data?.DeepClone();
        body["wrap_info"] = response.WrapInfo?.DeepClone();
        body["warnings"] = response.Warnings.Count == 0 ? null : new JsonArray(response.Warnings.Select(w => (JsonNode)JsonValue.Create(w)).ToArray());
        body["auth"] = wrapped ? null : response.Auth?.DeepClone();
        body["mount_type"] = response.MountType;
        return body;
    }

    private static bool InjectsTopLevel(string path)
    {
        var trimmed = path.TrimEnd('/');
        foreach (var route in TopLevelDataRoutes)
        {
            if (route.EndsWith('/') ? trimmed.StartsWith(route, StringComparison.Ordinal) : trimmed == route)
            {
                return true;
            }
        }
        return false;
    }
}
