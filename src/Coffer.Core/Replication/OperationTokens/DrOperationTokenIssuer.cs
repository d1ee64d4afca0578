using Coffer.Core.Access;
using Coffer.Core.Barrier;
using Coffer.Core.Seal;

namespace Coffer.Core.Replication.OperationTokens;

/// <summary>
/// Mints DR operation tokens for the generate-operation-token flow: a random token in the service-token shape
/// (<c>hvs.</c> + 24 base62, so <c>otp_length</c> is 28), of which only the hash is stored. A new token replaces the
/// previous one. Written through the barrier only, so it works on a passive DR secondary core.
/// </summary>
internal sealed class DrOperationTokenIssuer(ISecureStorage storage, IClock clock) : IRootTokenIssuer
{
    public int TokenLength => TokenGenerator.ServicePrefix.Length + 24;

    public async Task<string> IssueAsync(CancellationToken cancellationToken)
    {
        var token = TokenGenerator.ServiceToken();
        await storage.PutAsync(DrOperationTokenRecord.StoragePath, DrOperationTokenRecord.For(token, clock.UtcNow).Serialize(), cancellationToken);
        return token;
    }
}
