using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Coffer.Core.Replication.Tls;

/// <summary>
/// Decides whether a client certificate presented on the cluster port belongs to a live secondary: it must chain to
/// this cluster's replication CA alone (no system roots, no intermediates the peer sends, no online revocation
/// lookups), be valid now, be meant for client authentication, and carry a secondary id whose current,
/// unrevoked certificate it is. Anything else is refused.
/// </summary>
public sealed class ClientCertificateValidator(X509Certificate2 authority, Func<string, SecondaryCertificateRecord?> findSecondary, IClock clock)
{
    private const string ClientAuthOid = "1.3.6.1.5.5.7.3.2";

    public ClientCertificateVerdict Validate(X509Certificate2? certificate)
    {
        if (certificate is null)
        {
            return ClientCertificateVerdict.Refuse("no client certificate");
        }
        using (var chain = new X509Chain())
        {
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(authority);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            chain.ChainPolicy.DisableCertificateDownloads = true;
            chain.ChainPolicy.VerificationTime = clock.UtcNow.UtcDateTime;
            chain.ChainPolicy.VerificationTimeIgnored = false;
            chain.ChainPolicy.ApplicationPolicy.Add(new Oid(ClientAuthOid));
            if (!chain.Build(certificate))
            {
                var status = string.Join(", ", chain.ChainStatus.Select(s => s.Status.ToString()));
                return ClientCertificateVerdict.Refuse($"certificate does not chain to the replication CA: {status}");
            }
            var root = chain.ChainElements[^1].Certificate;
            if (!root.RawDataMemory.Span.SequenceEqual(authority.RawDataMemory.Span))
            {
                return ClientCertificateVerdict.Refuse("certificate chains to a different root");
            }
        }
        var secondaryId = SecondaryCertificateIdentity.Read(certificate);
        if (secondaryId is null)
        {
            return ClientCertificateVerdict.Refuse("certificate names no secondary id");
        }
        var record = findSecondary(secondaryId);
        if (record is null)
        {
            return ClientCertificateVerdict.Refuse("unknown secondary id");
        }
        if (record.IsRevoked)
        {
            return ClientCertificateVerdict.Refuse("secondary id has been revoked");
        }
        if (!string.Equals(record.SerialNumber, certificate.SerialNumber, StringComparison.OrdinalIgnoreCase))
        {
            return ClientCertificateVerdict.Refuse("certificate was superseded by a newer one for the same secondary id");
        }
        return ClientCertificateVerdict.Accept(secondaryId);
    }
}
