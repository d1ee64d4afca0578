using Coffer.Core.Access;

namespace Coffer.Core.Seal;

/// <summary>
/// Mints the root token of <c>sys/generate-root</c>: the same kind of token <c>sys/init</c> creates (orphan, root
/// policy, no expiry), stored by the token store like any other.
/// </summary>
internal sealed class RootTokenIssuer(TokenStore tokens) : IRootTokenIssuer
{
    public int TokenLength => TokenGenerator.ServicePrefix.Length + 24;

    public Task<string> IssueAsync(CancellationToken cancellationToken) => tokens.CreateRootTokenAsync(null, cancellationToken);
}
