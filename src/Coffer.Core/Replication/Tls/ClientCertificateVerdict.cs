namespace Coffer.Core.Replication.Tls;

/// <summary>The outcome of checking a client certificate on the cluster port: the secondary it proves, or why not.</summary>
public sealed record ClientCertificateVerdict(string? SecondaryId, string? RefusalReason)
{
    public bool Accepted => SecondaryId is not null;

    public static ClientCertificateVerdict Accept(string secondaryId) => new(secondaryId, null);
    public static ClientCertificateVerdict Refuse(string reason) => new(null, reason);
}
