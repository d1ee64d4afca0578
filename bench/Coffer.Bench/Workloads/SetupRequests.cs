using System.Text.Json;

namespace Coffer.Bench.Workloads;

/// <summary>
/// Untimed API calls made during setup. Every failure becomes a <see cref="SetupException"/>
/// whose message says what was being done and what the server (or the network) answered.
/// </summary>
public static class SetupRequests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <summary>Sends one request and returns the response body; throws unless the status is 2xx.</summary>
    public static async Task<string> SendAsync(
        HttpClient client, HttpMethod method, Uri uri, byte[]? body, string purpose, CancellationToken cancellationToken)
    {
        var (status, text) = await TrySendAsync(client, method, uri, body, purpose, cancellationToken);
        if (status is < 200 or >= 300)
        {
            throw new SetupException($"{purpose}: {method} {uri.AbsolutePath} returned HTTP {status}{Describe(text)}{Hint(status)}");
        }

        return text;
    }

    /// <summary>Sends one request and returns status and body; throws only when no response arrived.</summary>
    public static async Task<(int Status, string Body)> TrySendAsync(
        HttpClient client, HttpMethod method, Uri uri, byte[]? body, string purpose, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            using var request = JsonBodies.Request(method, uri, body);
            using var response = await client.SendAsync(request, timeout.Token);
            var text = await response.Content.ReadAsStringAsync(timeout.Token);
            return ((int)response.StatusCode, text);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new SetupException($"{purpose}: no answer from {Authority(uri)} within {Timeout.TotalSeconds:0}s");
        }
        catch (HttpRequestException ex)
        {
            throw new SetupException($"{purpose}: cannot reach {Authority(uri)}: {Innermost(ex)}");
        }
    }

    /// <summary>Pulls <c>errors</c> out of a Vault error body, or shows the start of any other body.</summary>
    public static string Describe(string body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return "";
        }

        try
        {
            using var doc = JsonDocument.Parse(body);
            if (doc.RootElement.ValueKind == JsonValueKind.Object &&
                doc.RootElement.TryGetProperty("errors", out var errors) &&
                errors.ValueKind == JsonValueKind.Array)
            {
                // Vault answers unknown paths with 404 and an empty list; say nothing rather than ": ".
                return errors.GetArrayLength() == 0
                    ? ""
                    : ": " + string.Join("; ", errors.EnumerateArray().Select(e => e.ToString()));
            }
        }
        catch (JsonException)
        {
            // Not JSON (a proxy page, say): fall through and show the raw text.
        }

        var trimmed = body.Trim();
        return ": " + (trimmed.Length > 200 ? trimmed[..200] + "..." : trimmed);
    }

    /// <summary>
    /// The exception's message plus whatever its inner exceptions add, e.g. the TLS reason
    /// hidden behind HttpClient's "SSL connection could not be established, see inner exception".
    /// </summary>
    public static string Innermost(Exception ex)
    {
        var message = ex.Message;
        for (var inner = ex.InnerException; inner is not null; inner = inner.InnerException)
        {
            if (!message.Contains(inner.Message, StringComparison.Ordinal))
            {
                message += " (" + inner.Message + ")";
            }
        }

        return message;
    }

    /// <summary>The usual cause of the statuses a misconfigured run meets first.</summary>
    public static string Hint(int status) => status switch
    {
        400 => " (check -kv-version and -mount: a KV v2 mount rejects v1-style bodies and paths)",
        403 => " (check -token)",
        404 => " (no such path: is the mount enabled, with the right KV version?)",
        503 => " (is the server sealed?)",
        _ => "",
    };

    private static string Authority(Uri uri) => uri.GetLeftPart(UriPartial.Authority);
}
