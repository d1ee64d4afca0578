using System.Diagnostics;
using System.Net;
using Coffer.Core;
using Coffer.Core.Routing;
using Coffer.Core.Telemetry;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Coffer.Server.Http;

/// <summary>
/// The API listener's single entry point: validates the URL, dispatches raw <c>sys/</c> endpoints, translates
/// everything else into a core request and renders the result. No decision about secrets is made here.
/// </summary>
internal sealed class ApiRequestHandler(CofferCore core, RawSystemEndpoints raw, MetricsRegistry metrics, ILogger logger)
{
    private const string ApiPrefix = "/v1/";

    public async Task HandleAsync(HttpContext context)
    {
        context.Response.Headers.CacheControl = "no-store";
        var namespaceHeader = context.Request.Headers["X-Vault-Namespace"];
        // Kestrel refuses to send non-ASCII header values (an exception outside any handler, so a bare 500); such a
        // namespace cannot exist anyway and the request goes on to its 404.
        if (namespaceHeader.Count > 0 && namespaceHeader.All(v => v is not null && v.All(c => c is >= ' ' and <= '~')))
        {
            context.Response.Headers["X-Vault-Namespace"] = namespaceHeader;
        }
        var started = Stopwatch.GetTimestamp();
        var operationLabel = context.Request.Method;
        try
        {
            var rawPath = context.Request.Path.Value ?? "";
            if (!rawPath.StartsWith(ApiPrefix, StringComparison.Ordinal))
            {
                await JsonResponses.WriteErrorsAsync(context, HttpStatusCode.NotFound, []);
                return;
            }
            var logicalPath = NormalizePath(rawPath[ApiPrefix.Length..]);
            var rawEndpoint = raw.Find(logicalPath);
            if (rawEndpoint is not null)
            {
                await rawEndpoint(context);
                return;
            }
            var request = await RequestTranslator.TranslateAsync(context, logicalPath, context.RequestAborted);
            operationLabel = request.Operation.ToString().ToLowerInvariant();
            var response = await core.HandleAsync(request, context.RequestAborted);
            await EnvelopeWriter.WriteAsync(context, request, response);
        }
        catch (CofferError error)
        {
            await JsonResponses.WriteErrorsAsync(context, error.Status, error.Errors);
        }
        catch (BadHttpRequestException error)
        {
            var status = error.StatusCode == StatusCodes.Status413PayloadTooLarge ? HttpStatusCode.RequestEntityTooLarge : HttpStatusCode.BadRequest;
            await JsonResponses.WriteErrorsAsync(context, status, [status == HttpStatusCode.RequestEntityTooLarge ? "http: request body too large" : "bad request"]);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away; there is nobody to answer.
        }
        catch (Exception error)
        {
            // The exception type and stack go to the log; messages may quote request data, so they do not.
            logger.LogError("internal error handling {Method} request: {ErrorType} {StackTrace}", context.Request.Method, error.GetType().FullName, error.StackTrace);
            if (!context.Response.HasStarted)
            {
                await JsonResponses.WriteErrorsAsync(context, HttpStatusCode.InternalServerError, ["internal error"]);
            }
        }
        finally
        {
            var elapsed = Stopwatch.GetElapsedTime(started);
            var status = context.Response.StatusCode;
            metrics.ObserveDuration("vault.core.handle_request", elapsed, ("operation", operationLabel));
            metrics.IncrementCounter("vault.http.requests", 1, ("operation", operationLabel), ("code", StatusClass(status)));
        }
    }

    /// <summary>Collapses doubled slashes and rejects non-printable characters before routing.</summary>
    private static string NormalizePath(string path)
    {
        foreach (var c in path)
        {
            if (char.IsControl(c))
            {
                throw CofferError.BadRequest("path contains non-printable characters");
            }
        }
        while (path.Contains("//", StringComparison.Ordinal))
        {
            path = path.Replace("//", "/", StringComparison.Ordinal);
        }
        return path.TrimStart('/');
    }

    private static string StatusClass(int status) => status switch
    {
        < 300 => "2xx",
        < 400 => "3xx",
        < 500 => "4xx",
        _ => "5xx",
    };
}
