namespace Coffer.Core.Seal;

/// <summary>
/// The attempt/update steps shared by root-token generation and DR operation-token generation (spec/replication.md
/// §6.6: the same flow with another strategy), so both endpoints translate requests the same way.
/// </summary>
public interface IRootGenerationFlow
{
    Task<RootGenerationStatus> StatusAsync(CancellationToken cancellationToken = default);

    Task<RootGenerationStatus> StartAsync(string? otp, string? pgpKey, CancellationToken cancellationToken = default);

    Task<RootGenerationStatus> UpdateAsync(string? key, string? nonce, CancellationToken cancellationToken = default);

    Task CancelAsync(CancellationToken cancellationToken = default);
}
