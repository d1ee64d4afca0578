using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.Json.Nodes;
using Coffer.Core;
using Coffer.Core.Replication.Streaming;

namespace Coffer.Server.Cluster;

/// <summary>
/// How this server reaches primaries: unwrapping an activation token at the primary's API (TLS checked against
/// <c>ca_file</c>/<c>ca_path</c>, or the system roots), then the cluster port through <see cref="ClusterUpstream"/>.
/// </summary>
internal sealed class ClusterTransport : IReplicationTransport
{
    public IReplicationUpstream Connect(UpstreamLink link) => new ClusterUpstream(link);

    public async Task<JsonObject> UnwrapAsync(string primaryApiAddress, string wrappingToken, string? caFile, string? caPath,
        CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(primaryApiAddress, UriKind.Absolute, out var baseUri) || baseUri.Scheme is not ("https" or "http"))
        {
            throw CofferError.BadRequest($"invalid primary API address \"{primaryApiAddress}\"");
        }
        using var handler = new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(10) };
        var roots = LoadRoots(caFile, caPath);
        if (roots.Count > 0)
        {
            handler.SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, certificate, _, errors) => IsTrusted(roots, certificate, errors),
            };
        }
        using var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(baseUri, "/v1/sys/wrapping/unwrap"));
        request.Headers.Add("X-Vault-Token", wrappingToken);
        request.Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw CofferError.BadRequest($"error unwrapping secondary token: {e.Message}");
        }
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw CofferError.BadRequest($"error response unwrapping secondary token; status code is {(int)response.StatusCode}, message is \"{text.Trim()}\"");
            }
            try
            {
                return JsonNode.Parse(text)?["data"]?.AsObject() ?? throw CofferError.BadRequest("the primary's unwrap answer holds no data");
            }
            catch (JsonException)
            {
                throw CofferError.BadRequest("the primary's unwrap answer is not JSON");
            }
        }
    }

    private static X509Certificate2Collection LoadRoots(string? caFile, string? caPath)
    {
        var roots = new X509Certificate2Collection();
        try
        {
            if (!string.IsNullOrEmpty(caFile))
            {
                roots.ImportFromPemFile(caFile);
            }
            if (!string.IsNullOrEmpty(caPath))
            {
                foreach (var file in Directory.EnumerateFiles(caPath, "*.pem"))
                {
                    roots.ImportFromPemFile(file);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
        {
            throw CofferError.BadRequest($"cannot read the CA certificates: {e.Message}");
        }
        return roots;
    }

    private static bool IsTrusted(X509Certificate2Collection roots, X509Certificate? presented, SslPolicyErrors errors)
    {
        if (presented is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch) ||
            errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
        {
            return false;
        }
        using var certificate = new X509Certificate2(presented);
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate);
    }
}
