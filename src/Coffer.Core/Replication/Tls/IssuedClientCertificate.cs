using System.Security.Cryptography.X509Certificates;

namespace Coffer.Core.Replication.Tls;

/// <summary>
/// A client certificate issued to a secondary, with its private key and the CA that signed it: what travels in the
/// activation bundle. The primary keeps only the record, never the secondary's key.
/// </summary>
public sealed record IssuedClientCertificate(string SecondaryId, string CertificatePem, string PrivateKeyPem, string CaCertificatePem)
{
    /// <summary>The certificate with its key, ready for <c>SslClientAuthenticationOptions.ClientCertificates</c>.</summary>
    public X509Certificate2 ToCertificate() => X509Certificate2.CreateFromPem(CertificatePem, PrivateKeyPem);
}
