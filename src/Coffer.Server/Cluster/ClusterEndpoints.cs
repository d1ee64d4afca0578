using System.Text.Json;
using System.Text.Json.Nodes;
using Coffer.Core;
using Microsoft.AspNetCore.Http;

namespace Coffer.Server.Cluster;

/// <summary>
/// Requests on the cluster port. The handshake already proved the caller; each request checks the certificate
/// again against the CA's current records, so a secondary revoked while connected loses access at once.
/// </summary>
internal sealed class ClusterEndpoints(CofferCore core)
{
    public const string PingPath = "/cluster/v1/ping";

    public async Task HandleAsync(HttpContext context)
    {
        var authority = core.ClusterTls.Authority;
        var verdict = authority?.CreateValidator().Validate(context.Connection.ClientCertificate);
        if (verdict is null || !verdict.Accepted)
        {
            await WriteAsync(context, StatusCodes.Status403Forbidden, Errors("permission denied"));
            return;
        }
        if (context.Request.Path == PingPath)
        {
            if (!HttpMethods.IsGet(context.Request.Method))
            {
                await WriteAsync(context, StatusCodes.Status405MethodNotAllowed, Errors("unsupported operation"));
                return;
            }
            // The server time lets a secondary measure clock skew; heartbeats will reuse this shape.
            await WriteAsync(context, StatusCodes.Status200OK, new JsonObject
            {
                ["secondary_id"] = verdict.SecondaryId,
                ["server_time"] = core.Clock.UtcNow.ToString("O"),
                ["cluster_id"] = core.Cluster?.Id,
            });
            return;
        }
        await WriteAsync(context, StatusCodes.Status404NotFound, Errors("unsupported path"));
    }

    private static JsonObject Errors(string message) => new() { ["errors"] = new JsonArray(message) };

    private static async Task WriteAsync(HttpContext context, int status, JsonObject body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.Body.WriteAsync(JsonSerializer.SerializeToUtf8Bytes(body), context.RequestAborted);
    }
}
