using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Coffer.Core.Replication.Tls;

/// <summary>
/// The secondary's side of the cluster-port handshake: the primary's server certificate is trusted only when it
/// chains to the replication CA from the activation bundle and names the host that was dialled; system roots are
/// never consulted, so a publicly trusted certificate cannot impersonate a primary.
/// </summary>
public static class ClusterServerCertificateTrust
{
    private const string ServerAuthOid = "1.3.6.1.5.5.7.3.1";

    public static bool IsTrusted(X509Certificate2 authority, X509Certificate? presented, SslPolicyErrors errors, DateTimeOffset now)
    {
        if (presented is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable) ||
            errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
        {
            return false;
        }
        using var certificate = new X509Certificate2(presented);
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.DisableCertificateDownloads = true;
        chain.ChainPolicy.VerificationTime = now.UtcDateTime;
        chain.ChainPolicy.ApplicationPolicy.Add(new Oid(ServerAuthOid));
        return chain.Build(certificate) &&
               chain.ChainElements[^1].Certificate.RawDataMemory.Span.SequenceEqual(authority.RawDataMemory.Span);
    }
}
