using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Coffer.Bench.Replication;

/// <summary>
/// The few Vault API calls the replication benchmark makes outside the timed load: DR status, metrics, unseal,
/// enable and promote. Each returns the status and body and never throws for an HTTP error status, so a caller can
/// poll through a restart (a refused connection returns status 0).
/// </summary>
public sealed class ReplApi : IDisposable
{
    private readonly HttpClient _client;

    public ReplApi(Uri address, string? token = null)
    {
        Address = address;
        _client = new HttpClient(new SocketsHttpHandler { UseProxy = false, ConnectTimeout = TimeSpan.FromSeconds(5) })
        {
            BaseAddress = address,
            Timeout = TimeSpan.FromMinutes(10),
        };
        if (!string.IsNullOrEmpty(token))
        {
            _client.DefaultRequestHeaders.TryAddWithoutValidation("X-Vault-Token", token);
        }
    }

    public Uri Address { get; }

    public async Task<(int Status, string Body)> SendAsync(HttpMethod method, string path, JsonObject? body = null, CancellationToken cancellationToken = default)
    {
        try
        {
            using var request = new HttpRequestMessage(method, "/v1/" + path);
            if (body is not null)
            {
                request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
            }
            using var response = await _client.SendAsync(request, cancellationToken);
            return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken));
        }
        catch (HttpRequestException ex)
        {
            return (0, ex.Message);
        }
    }

    /// <summary><c>sys/replication/dr/status</c> data, or null when the server does not answer it.</summary>
    public async Task<DrStatus?> DrStatusAsync(CancellationToken cancellationToken = default)
    {
        var (status, body) = await SendAsync(HttpMethod.Get, "sys/replication/dr/status", null, cancellationToken);
        if (status != (int)HttpStatusCode.OK)
        {
            return null;
        }
        return JsonNode.Parse(body)?["data"] is JsonObject data ? new DrStatus(data) : null;
    }

    /// <summary>Prometheus text of <c>sys/metrics</c>; throws when the server refuses (it needs unauthenticated metrics on a DR secondary).</summary>
    public async Task<PrometheusSamples> ScrapeAsync(CancellationToken cancellationToken = default)
    {
        var (status, body) = await SendAsync(HttpMethod.Get, "sys/metrics?format=prometheus", null, cancellationToken);
        if (status != (int)HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"scraping {Address} failed: HTTP {status} {body.Trim()} " +
                "(a DR secondary answers sys/metrics only on a listener with telemetry { unauthenticated_metrics_access = true }, " +
                "and Prometheus output needs telemetry { prometheus_retention_time = \"...\" })");
        }
        return PrometheusSamples.Parse(body);
    }

    public async Task EnsureOkAsync(HttpMethod method, string path, JsonObject? body, string purpose, CancellationToken cancellationToken = default)
    {
        var (status, text) = await SendAsync(method, path, body, cancellationToken);
        if (status is < 200 or >= 300)
        {
            throw new InvalidOperationException($"{purpose}: {method} {path} on {Address} returned HTTP {status} {text.Trim()}");
        }
    }

    public void Dispose() => _client.Dispose();
}
