using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Coffer.Core.Replication.Tls;

namespace Coffer.Integration.Tests.Replication;

/// <summary>
/// An HTTP/2 client for the cluster port, as a secondary would build it: it presents its client certificate (if
/// any) and trusts the server only through the replication CA, never through system roots.
/// </summary>
internal static class ClusterPortClient
{
    public static HttpClient Create(int port, X509Certificate2 authority, X509Certificate2? clientCertificate)
    {
        var ssl = new SslClientAuthenticationOptions
        {
            RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                ClusterServerCertificateTrust.IsTrusted(authority, certificate, errors, DateTimeOffset.UtcNow),
        };
        if (clientCertificate is not null)
        {
            // Always offer this certificate, even an expired one: the test is about what the server refuses.
            ssl.LocalCertificateSelectionCallback = (_, _, _, _, _) => clientCertificate;
        }
        var handler = new SocketsHttpHandler { SslOptions = ssl, ConnectTimeout = TimeSpan.FromSeconds(10) };
        return new HttpClient(handler)
        {
            BaseAddress = new Uri($"https://127.0.0.1:{port}"),
            DefaultRequestVersion = HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Timeout = TimeSpan.FromSeconds(15),
        };
    }
}
