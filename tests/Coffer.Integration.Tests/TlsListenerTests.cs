using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Coffer.Integration.Tests.Infrastructure;

namespace Coffer.Integration.Tests;

public sealed class TlsListenerTests
{
    /// <summary>The API listener serves TLS with the configured PEM files; the client trusts only the test's own CA.</summary>
    [Fact]
    public async Task ServesTlsWithTheConfiguredCertificate()
    {
        var directory = Directory.CreateTempSubdirectory("coffer-tls-").FullName;
        try
        {
            using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var caRequest = new CertificateRequest("CN=coffer test CA", caKey, HashAlgorithmName.SHA256);
            caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
            using var ca = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));

            using var serverKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var serverRequest = new CertificateRequest("CN=127.0.0.1", serverKey, HashAlgorithmName.SHA256);
            var san = new SubjectAlternativeNameBuilder();
            san.AddIpAddress(IPAddress.Loopback);
            serverRequest.CertificateExtensions.Add(san.Build());
            serverRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
            using var serverCert = serverRequest.Create(ca, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1), [1, 2, 3, 4]);

            var certFile = Path.Combine(directory, "server.crt");
            var keyFile = Path.Combine(directory, "server.key");
            await File.WriteAllTextAsync(certFile, serverCert.ExportCertificatePem());
            await File.WriteAllTextAsync(keyFile, serverKey.ExportPkcs8PrivateKeyPem());
            var port = CofferProcess.FreePort();
            var config = Path.Combine(directory, "coffer.hcl");
            await File.WriteAllTextAsync(config, $$"""
                storage "inmem" {}
                listener "tcp" {
                  address         = "127.0.0.1:{{port}}"
                  tls_cert_file   = "{{certFile}}"
                  tls_key_file    = "{{keyFile}}"
                  tls_min_version = "tls12"
                }
                """);

            var handler = new SocketsHttpHandler();
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) =>
            {
                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.Add(ca);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                return certificate is not null && chain.Build(new X509Certificate2(certificate));
            };
            var address = $"https://127.0.0.1:{port}";
            await using var server = await CofferProcess.StartAsync(address, [$"-config={config}"], handler);
            using var client = TestHttp.Client(address, handler: handler);
            var response = await client.GetAsync("/v1/sys/seal-status");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);

            using var untrusting = new HttpClient { BaseAddress = new Uri(address) };
            await Assert.ThrowsAsync<HttpRequestException>(() => untrusting.GetAsync("/v1/sys/seal-status"));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
