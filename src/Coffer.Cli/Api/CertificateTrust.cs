using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Coffer.Cli.Api;

/// <summary>
/// Server certificate checks for <c>-ca-cert</c>: the chain must end at one of the given CAs (and only those,
/// as with VAULT_CACERT, not the system store) and the host name must still match.
/// </summary>
internal static class CertificateTrust
{
    /// <exception cref="ClientConfigurationException">The file is missing or holds no PEM certificate.</exception>
    public static X509Certificate2Collection LoadCaBundle(string path)
    {
        var bundle = new X509Certificate2Collection();
        try
        {
            bundle.ImportFromPemFile(path);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
        {
            throw new ClientConfigurationException($"Error loading CA file {path}: {error.Message}", error);
        }

        if (bundle.Count == 0)
        {
            throw new ClientConfigurationException($"Error loading CA file {path}: no certificates found");
        }

        return bundle;
    }

    public static bool IsTrusted(
        X509Certificate? presented,
        X509Chain? presentedChain,
        SslPolicyErrors errors,
        X509Certificate2Collection trustedRoots)
    {
        if (presented is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch)
            || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.CustomTrustStore.AddRange(trustedRoots);
        if (presentedChain is not null)
        {
            // Intermediates the server sent along with its certificate.
            foreach (var element in presentedChain.ChainElements)
            {
                chain.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        var leaf = presented as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(presented.GetRawCertData());
        return chain.Build(leaf);
    }
}
