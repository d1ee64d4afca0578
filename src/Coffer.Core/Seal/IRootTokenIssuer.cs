namespace Coffer.Core.Seal;

/// <summary>
/// What a root-generation flow mints once its key shares check out: a root token (<c>sys/generate-root</c>) or a
/// DR operation token. The flow only gathers and verifies shares; the issuer decides what the token is and where
/// (if anywhere) it is recorded.
/// </summary>
public interface IRootTokenIssuer
{
    /// <summary>Length in bytes of every token this issuer mints; an OTP must be exactly this long.</summary>
    int TokenLength { get; }

    /// <summary>Mints and records a new token; called only after the shares combined to the barrier's root key.</summary>
    Task<string> IssueAsync(CancellationToken cancellationToken);
}
