using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Coffer.Core.Replication.Tls;

/// <summary>
/// Decides whether a client certificate presented on the cluster port belongs to a live secondary: it must chain to
/// this cluster's replication CA alone (no system roots, no intermediates the peer sends, no online revocation
/// lookups), be valid now, be meant for client authentication, and carry a secondary id whose current,
/// unrevoked certificate it is. Anything else is refused.
/// <para>
/// Every request on the cluster port is checked, and building the chain cost more than serving a small request, so
/// a certificate whose chain was built once is remembered in <paramref name="builtChains"/> (by its SHA-256): later
/// requests check only its validity period and the secondary's record, which is what can change.
/// </para>
/// </summary>
public sealed class ClientCertificateValidator(X509Certificate2 authority, Func<string, SecondaryCertificateRecord?> findSecondary, IClock clock,
    ConcurrentDictionary<string, bool>? builtChains = null)
{
    private const string ClientAuthOid = "1.3.6.1.5.5.7.3.2";

    public ClientCertificateVerdict Validate(X509Certificate2? certificate)
    {
        if (certificate is null)
        {
            return ClientCertificateVerdict.Refuse("no client certificate");
        }
        var fingerprint = builtChains is null ? null : certificate.GetCertHashString(HashAlgorithmName.SHA256);
        if (fingerprint is not null && builtChains!.ContainsKey(fingerprint))
        {
            var now = clock.UtcNow.UtcDateTime;
            if (now < certificate.NotBefore.ToUniversalTime() || now > certificate.NotAfter.ToUniversalTime())
            {
                return ClientCertificateVerdict.Refuse("certificate is not valid at this time");
            }
        }
        else if (BuildChain(certificate) is { } refused)
        {
            return refused;
        }
        else if (fingerprint is not null)
        {
            builtChains![fingerprint] = true;
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

    /// <summary>Null when <paramref name="certificate"/> chains to the authority alone, is valid now and allows client authentication.</summary>
    private ClientCertificateVerdict? BuildChain(X509Certificate2 certificate)
    {
        using var chain = new X509Chain();
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
        return root.RawDataMemory.Span.SequenceEqual(authority.RawDataMemory.Span)
            ? null
            : ClientCertificateVerdict.Refuse("certificate chains to a different root");
    }
}
