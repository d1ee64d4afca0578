using System.Text;
using System.Text.Json;

namespace Coffer.Cli.Api;

/// <summary>
/// The server answered with a status outside 200–399. The message reproduces vault's layout:
/// <code>
/// Error making API request.
///
/// URL: PUT https://127.0.0.1:8200/v1/secret/foo
/// Code: 400. Errors:
///
/// * missing field
/// </code>
/// </summary>
internal sealed class ApiResponseException : ApiRequestException
{
    public ApiResponseException(string method, Uri url, int statusCode, string body)
        : base(BuildMessage(method, url, statusCode, body))
    {
        StatusCode = statusCode;
        Errors = TryReadErrors(body) ?? [];
    }

    public int StatusCode { get; }

    public IReadOnlyList<string> Errors { get; }

    private static string BuildMessage(string method, Uri url, int statusCode, string body)
    {
        var text = new StringBuilder();
        text.Append("Error making API request.\n\n");
        text.Append("URL: ").Append(method).Append(' ').Append(url).Append('\n');

        var errors = TryReadErrors(body);
        if (errors is null)
        {
            // Not Vault's JSON error shape (a proxy's HTML page, for example): show it raw rather than lose it.
            text.Append("Code: ").Append(statusCode).Append(". Raw Message:\n\n").Append(body);
        }
        else
        {
            text.Append("Code: ").Append(statusCode).Append(". Errors:\n\n");
            text.Append(string.Join('\n', errors.Select(error => "* " + error)));
        }

        return text.ToString();
    }

    private static List<string>? TryReadErrors(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            if (!document.RootElement.TryGetProperty("errors", out var errors) || errors.ValueKind != JsonValueKind.Array)
            {
                return [];
            }

            return errors.EnumerateArray()
                .Select(e => e.ValueKind == JsonValueKind.String ? e.GetString() ?? "" : e.GetRawText())
                .ToList();
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
