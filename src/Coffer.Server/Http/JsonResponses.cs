using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Coffer.Server.Http;

/// <summary>Writes JSON bodies and Vault's error shape. Every response carries <c>Cache-Control: no-store</c>.</summary>
internal static class JsonResponses
{
    // hvac only decodes errors when the content type is exactly this, without a charset.
    public const string ContentType = "application/json";

    // Vault writes quotes and angle brackets as they are; the default encoder's \u0027 escapes would surprise
    // clients and humans reading error messages. Bodies are JSON API responses, never embedded in HTML.
    private static readonly JsonSerializerOptions Options = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static async Task WriteAsync(HttpContext context, int status, JsonNode body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = ContentType;
        // A caller may pick 204 (or another bodiless code) for sys/health; such a response cannot carry a body.
        if (HttpMethods.IsHead(context.Request.Method) || status is StatusCodes.Status204NoContent or StatusCodes.Status304NotModified or < 200)
        {
            return;
        }
        var bytes = JsonSerializer.SerializeToUtf8Bytes(body, Options);
        context.Response.ContentLength = bytes.Length;
        await context.Response.Body.WriteAsync(bytes);
    }

    public static Task WriteErrorsAsync(HttpContext context, HttpStatusCode status, IEnumerable<string> errors) =>
        WriteAsync(context, (int)status,
            new JsonObject { ["errors"] = new JsonArray(errors.Select(e => (JsonNode)JsonValue.Create(e)).ToArray()) });

    public static void NoContent(HttpContext context) => context.Response.StatusCode = StatusCodes.Status204NoContent;
}
