using System.Text.Json.Nodes;
using Coffer.Core;
using Coffer.Core.Json;
using Coffer.Core.Routing;
using Microsoft.AspNetCore.Http;

namespace Coffer.Server.Http;

/// <summary>Maps an HTTP call onto a core <see cref="Request"/> (spec/vault-api.md §1.2–1.4).</summary>
internal static class RequestTranslator
{
    public static string? ClientToken(HttpRequest request)
    {
        var token = request.Headers["X-Vault-Token"].ToString();
        if (!string.IsNullOrEmpty(token))
        {
            return token;
        }
        var authorization = request.Headers.Authorization.ToString();
        return authorization.StartsWith("Bearer ", StringComparison.Ordinal) ? authorization["Bearer ".Length..].Trim() : null;
    }

    public static async Task<Request> TranslateAsync(HttpContext context, string logicalPath, CancellationToken cancellationToken)
    {
        var http = context.Request;
        var method = http.Method.ToUpperInvariant();
        var query = QueryData(http.Query);
        Operation operation;
        JsonObject data;
        switch (method)
        {
            case "GET":
                operation = Operation.Read;
                if (query.ContainsKey("list"))
                {
                    var listText = LenientFields.GetString(query, "list") ?? "";
                    if (!LenientFields.TryParseBool(listText, out var isList))
                    {
                        throw CofferError.BadRequest("invalid value for \"list\" query parameter");
                    }
                    query.Remove("list");
                    operation = isList ? Operation.List : Operation.Read;
                }
                data = query;
                break;
            case "LIST":
                operation = Operation.List;
                data = query;
                break;
            case "DELETE":
                operation = Operation.Delete;
                data = query;
                break;
            case "POST" or "PUT":
                operation = Operation.Update;
                data = await RequestBodyReader.ReadAsync(http, cancellationToken) ?? new JsonObject();
                break;
            case "PATCH":
                if (!string.Equals(http.ContentType?.Split(';')[0].Trim(), "application/merge-patch+json", StringComparison.OrdinalIgnoreCase))
                {
                    throw new CofferError(System.Net.HttpStatusCode.UnsupportedMediaType,
                        $"PATCH requires Content-Type of application/merge-patch+json, provided {http.ContentType}");
                }
                operation = Operation.Patch;
                data = await RequestBodyReader.ReadAsync(http, cancellationToken) ?? new JsonObject();
                break;
            default:
                throw CofferError.UnsupportedOperation();
        }
        if (operation == Operation.List && !logicalPath.EndsWith('/'))
        {
            logicalPath += "/";
        }
        var namespaceHeader = http.Headers["X-Vault-Namespace"].ToString();
        return new Request
        {
            Operation = operation,
            Path = logicalPath,
            Data = data,
            ClientToken = ClientToken(http),
            RemoteAddress = context.Connection.RemoteIpAddress?.ToString(),
            NamespaceHeader = namespaceHeader.Length == 0 ? null : namespaceHeader,
            WrapTtl = WrapTtl(http),
            Headers = AuditableHeaders(http),
        };
    }

    /// <summary><c>X-Vault-Wrap-TTL</c>: integer seconds or a duration string; anything else is a 400.</summary>
    private static TimeSpan? WrapTtl(HttpRequest http)
    {
        var text = http.Headers["X-Vault-Wrap-TTL"].ToString();
        if (text.Length == 0)
        {
            return null;
        }
        if (!DurationParser.TryParseSeconds(text, out var seconds) || seconds <= 0)
        {
            throw CofferError.BadRequest("error parsing X-Vault-Wrap-TTL header");
        }
        return TimeSpan.FromSeconds(seconds);
    }

    /// <summary>Headers an audit device may record; credentials are left out entirely.</summary>
    private static Dictionary<string, string> AuditableHeaders(HttpRequest http)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in http.Headers)
        {
            if (name.Equals("X-Vault-Token", StringComparison.OrdinalIgnoreCase) ||
                name.Equals("Authorization", StringComparison.OrdinalIgnoreCase) ||
                name.Equals("Cookie", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }
            headers[name] = value.ToString();
        }
        return headers;
    }

    private static JsonObject QueryData(IQueryCollection query)
    {
        var data = new JsonObject();
        foreach (var (key, values) in query)
        {
            if (key == "help")
            {
                continue;
            }
            data[key] = values.Count == 1
                ? JsonValue.Create(values[0])
                : new JsonArray(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());
        }
        return data;
    }
}
