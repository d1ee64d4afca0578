using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Coffer.Cli.Api;

/// <summary>
/// Thin HTTP wrapper over the Vault-compatible API: every call goes to <c>/v1/&lt;path&gt;</c> and carries the
/// headers Vault's own client sends, so the server (and any proxy or audit log) sees the same requests.
/// </summary>
internal sealed class CofferApiClient : IDisposable
{
    // The default encoder escapes quotes and '+' as \u0022 and \u002B: valid, but unreadable in server audit logs.
    private static readonly JsonSerializerOptions BodyOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly HttpClient _http;
    private readonly ClientSettings _settings;

    /// <exception cref="ClientConfigurationException">The CA bundle cannot be loaded.</exception>
    public CofferApiClient(ClientSettings settings)
    {
        _settings = settings;
        Token = settings.Token;
        WrapTtl = settings.WrapTtl;
        _http = new HttpClient(CreateHandler(settings), disposeHandler: true) { Timeout = ClientSettings.Timeout };
    }

    /// <summary>
    /// The token sent as X-Vault-Token. Settable because some flows switch identity mid-command, as vault's
    /// client does: logins send none, unwrapping may authenticate with the wrapping token itself.
    /// </summary>
    public string? Token { get; set; }

    /// <summary>A <see cref="WrapTtl"/> that wraps nothing, not even <c>sys/wrapping/wrap</c>.</summary>
    public const string NoWrapping = "";

    /// <summary>
    /// Sent as X-Vault-Wrap-TTL. null follows vault's client default: only a write to <c>sys/wrapping/wrap</c> is
    /// wrapped, for 5m, since that endpoint fails without wrapping. A login sets <see cref="NoWrapping"/> once done,
    /// so unwrapping its answer or looking the token up is not wrapped again.
    /// </summary>
    public string? WrapTtl { get; set; }

    public Uri BuildUrl(string path, IReadOnlyList<KeyValuePair<string, string>>? query = null)
    {
        var escapedPath = string.Join('/', path.Split('/').Select(Uri.EscapeDataString));
        var builder = new UriBuilder(_settings.Address) { Path = "/v1/" + escapedPath, Query = "" };
        if (query is { Count: > 0 })
        {
            builder.Query = string.Join('&', query.Select(p => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(p.Value)));
        }

        return builder.Uri;
    }

    /// <summary>Sends a request and returns the answer whatever its status; callers decide what an error is.</summary>
    /// <param name="contentType">The body's media type; JSON merge patches (HTTP PATCH) need their own.</param>
    /// <exception cref="ApiTransportException">No HTTP answer was received.</exception>
    public async Task<ApiResponse> SendAsync(
        string method,
        string path,
        JsonObject? body = null,
        IReadOnlyList<KeyValuePair<string, string>>? query = null,
        string contentType = "application/json")
    {
        var url = BuildUrl(path, query);
        using var request = new HttpRequestMessage(new HttpMethod(method), url);
        request.Headers.TryAddWithoutValidation("X-Vault-Request", "true");
        AddHeaderIfPresent(request, "X-Vault-Token", Token);
        AddHeaderIfPresent(request, "X-Vault-Namespace", _settings.Namespace);
        AddHeaderIfPresent(request, "X-Vault-Wrap-TTL", WrapTtl ?? DefaultWrapTtl(method, path));
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(BodyOptions), Encoding.UTF8, contentType);
        }

        try
        {
            using var response = await _http.SendAsync(request).ConfigureAwait(false);
            var text = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
            return new ApiResponse(method, url, (int)response.StatusCode, text);
        }
        catch (Exception error) when (error is HttpRequestException or TaskCanceledException or IOException)
        {
            throw new ApiTransportException(method, url, error);
        }
    }

    public void Dispose() => _http.Dispose();

    private static string? DefaultWrapTtl(string method, string path) =>
        method is "PUT" or "POST" && path == "sys/wrapping/wrap" ? "5m" : null;

    private static void AddHeaderIfPresent(HttpRequestMessage request, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
    }

    private static SocketsHttpHandler CreateHandler(ClientSettings settings)
    {
        var handler = new SocketsHttpHandler();
        if (settings.TlsSkipVerify)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
        }
        else if (!string.IsNullOrEmpty(settings.CaCertPath))
        {
            var roots = CertificateTrust.LoadCaBundle(settings.CaCertPath);
            handler.SslOptions.RemoteCertificateValidationCallback =
                (_, certificate, chain, errors) => CertificateTrust.IsTrusted(certificate, chain, errors, roots);
        }

        return handler;
    }
}
