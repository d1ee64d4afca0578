using System.Text.Json.Nodes;
using Coffer.Core.Routing;
using Microsoft.AspNetCore.Http;

namespace Coffer.Server.Http;

/// <summary>Renders a core <see cref="Response"/> as Vault's JSON envelope, or as 204/404 where Vault answers so.</summary>
internal static class EnvelopeWriter
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

    public static Task WriteAsync(HttpContext context, Request request, Response? response)
    {
        if (response is null || IsEmptyList(request, response))
        {
            if (request.Operation is Operation.Read or Operation.List || (request.Operation == Operation.Patch && response is null))
            {
                return JsonResponses.WriteAsync(context, StatusCodes.Status404NotFound, new JsonObject { ["errors"] = new JsonArray() });
            }
            JsonResponses.NoContent(context);
            return Task.CompletedTask;
        }
        if (request.Operation is not (Operation.Read or Operation.List) && response.Data is null && response.Auth is null &&
            response.Warnings.Count == 0)
        {
            JsonResponses.NoContent(context);
            return Task.CompletedTask;
        }
        var body = new JsonObject();
        if (response.Data is { Count: > 0 } && InjectsTopLevel(request.Path))
        {
            foreach (var (key, value) in response.Data)
            {
                body[key] = value?.DeepClone();
            }
        }
        body["request_id"] = request.RequestId;
        body["lease_id"] = response.LeaseId;
        body["renewable"] = response.Renewable;
        body["lease_duration"] = response.LeaseDuration;
        body["data"] = response.Data;
        body["wrap_info"] = null;
        body["warnings"] = response.Warnings.Count == 0 ? null : new JsonArray(response.Warnings.Select(w => (JsonNode)JsonValue.Create(w)).ToArray());
        body["auth"] = response.Auth;
        body["mount_type"] = response.MountType;
        return JsonResponses.WriteAsync(context, StatusCodes.Status200OK, body);
    }

    private static bool IsEmptyList(Request request, Response response) =>
        request.Operation == Operation.List && response.Warnings.Count == 0 &&
        (response.Data is null || (response.Data.Count <= 1 && response.Data["keys"] is null or JsonArray { Count: 0 }));

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
