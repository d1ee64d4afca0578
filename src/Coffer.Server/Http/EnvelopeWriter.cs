using System.Text.Json.Nodes;
using Coffer.Core.Routing;
using Microsoft.AspNetCore.Http;

namespace Coffer.Server.Http;

/// <summary>Renders a core <see cref="Response"/> as Vault's JSON envelope, or as 204/404 where Vault answers so.</summary>
internal static class EnvelopeWriter
{
    public static Task WriteAsync(HttpContext context, Request request, Response? response)
    {
        var wrappedOrRaw = response is { WrapInfo: not null } or { RawEnvelope: not null };
        if (response is null || (!wrappedOrRaw && IsEmptyList(request, response)))
        {
            if (request.Operation is Operation.Read or Operation.List || (request.Operation == Operation.Patch && response is null))
            {
                return JsonResponses.WriteAsync(context, StatusCodes.Status404NotFound, new JsonObject { ["errors"] = new JsonArray() });
            }
            JsonResponses.NoContent(context);
            return Task.CompletedTask;
        }
        if (!wrappedOrRaw && request.Operation is not (Operation.Read or Operation.List) && response.Data is null &&
            response.Auth is null && response.Warnings.Count == 0 && response.LeaseId.Length == 0)
        {
            // A bodiless answer may still name its status: 202 for a revocation queued rather than done.
            context.Response.StatusCode = response.StatusCode ?? StatusCodes.Status204NoContent;
            return Task.CompletedTask;
        }
        var status = wrappedOrRaw ? StatusCodes.Status200OK : response.StatusCode ?? StatusCodes.Status200OK;
        return JsonResponses.WriteAsync(context, status, ResponseEnvelope.Build(request, response));
    }

    /// <summary>
    /// Vault answers a list with no keys as 404, even when it carries <c>key_info</c> (an empty namespace list); data
    /// without a <c>keys</c> field is a plain answer, as is a keyless one with only warnings.
    /// </summary>
    private static bool IsEmptyList(Request request, Response response) =>
        request.Operation == Operation.List &&
        (response.Data?["keys"] is JsonArray { Count: 0 } ||
         (response.Warnings.Count == 0 && (response.Data is null || response.Data.Count == 0)));
}
