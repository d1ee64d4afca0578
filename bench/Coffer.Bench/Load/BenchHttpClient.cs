using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Coffer.Bench.Load;

/// <summary>
/// The client the workers share: one pooled handler allowing exactly one keep-alive
/// HTTP/1.1 connection per worker, so the number of workers is the number of connections
/// the server sees, and connections are never recycled mid-run.
/// </summary>
public static class BenchHttpClient
{
    public static HttpClient Create(int connections, string? token, X509Certificate2Collection? trustedCas)
    {
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = connections,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            // Setup of a later test can leave connections idle while earlier tests run.
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(10),
            ConnectTimeout = TimeSpan.FromSeconds(10),
            AutomaticDecompression = DecompressionMethods.None,
            AllowAutoRedirect = false,
            UseCookies = false,
            // Only loopback is benchmarked; an http_proxy in the environment must not intercept it.
            UseProxy = false,
        };

        if (trustedCas is not null)
        {
            // Verification stays on; only the set of trusted roots is replaced by the given CA.
            handler.SslOptions = new SslClientAuthenticationOptions
            {
                CertificateChainPolicy = new X509ChainPolicy
                {
                    TrustMode = X509ChainTrustMode.CustomRootTrust,
                    RevocationMode = X509RevocationMode.NoCheck,
                },
            };
            handler.SslOptions.CertificateChainPolicy.CustomTrustStore.AddRange(trustedCas);
        }

        var client = new HttpClient(handler)
        {
            // Workers cancel at the end of the run themselves; setup applies its own timeout.
            Timeout = Timeout.InfiniteTimeSpan,
            DefaultRequestVersion = HttpVersion.Version11,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        if (!string.IsNullOrEmpty(token))
        {
            client.DefaultRequestHeaders.TryAddWithoutValidation("X-Vault-Token", token);
        }

        return client;
    }

    /// <summary>Reads a PEM bundle (or a single DER certificate) to trust instead of the system roots.</summary>
    public static X509Certificate2Collection LoadCaCertificates(string path)
    {
        var collection = new X509Certificate2Collection();
        try
        {
            var text = File.ReadAllText(path);
            if (text.Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal))
            {
                collection.ImportFromPem(text);
            }
            else
            {
                collection.Add(X509CertificateLoader.LoadCertificateFromFile(path));
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
        {
            throw new InvalidDataException($"cannot load CA certificate {path}: {ex.Message}", ex);
        }

        if (collection.Count == 0)
        {
            throw new InvalidDataException($"no certificate found in {path}");
        }

        return collection;
    }
}
