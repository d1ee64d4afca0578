using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Coffer.Core;
using Microsoft.AspNetCore.Http;

namespace Coffer.Server.Http;

/// <summary>
/// Turns a request body into request data as Vault does: JSON whatever the content type says (VaultSharp labels
/// JSON as text/plain), a form only when it is declared and does not look like JSON, nothing for an empty body.
/// </summary>
internal static class RequestBodyReader
{
    public static async Task<JsonObject?> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        byte[] body;
        try
        {
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer, cancellationToken);
            body = buffer.ToArray();
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw new CofferError(HttpStatusCode.RequestEntityTooLarge, "http: request body too large");
        }
        var text = body.AsSpan().TrimStart(" \t\r\n"u8);
        if (text.IsEmpty)
        {
            return null;
        }
        var isForm = request.ContentType?.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) == true;
        if (isForm && text[0] != (byte)'{' && text[0] != (byte)'[')
        {
            return ParseForm(Encoding.UTF8.GetString(text));
        }
        try
        {
            var node = JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { MaxDepth = 256 });
            return node switch
            {
                JsonObject obj => obj,
                null => null,
                _ => throw CofferError.BadRequest("error parsing JSON"),
            };
        }
        catch (JsonException)
        {
            throw CofferError.BadRequest("error parsing JSON");
        }
    }

    private static JsonObject ParseForm(string form)
    {
        var values = new Dictionary<string, List<string>>();
        foreach (var pair in form.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=');
            var key = Uri.UnescapeDataString((eq < 0 ? pair : pair[..eq]).Replace('+', ' '));
            var value = eq < 0 ? "" : Uri.UnescapeDataString(pair[(eq + 1)..].Replace('+', ' '));
            if (!values.TryGetValue(key, out var list))
            {
                values[key] = list = [];
            }
            list.Add(value);
        }
        var data = new JsonObject();
        foreach (var (key, list) in values)
        {
            data[key] = string.Join(",", list);
        }
        return data;
    }
}
