namespace Coffer.Core.Seal;

/// <summary>
/// One root-generation attempt in memory: its nonce, how the result will be protected (an OTP or a PGP key), and
/// the key shares gathered so far. Never stored: a restart or a seal forgets it, as Vault does.
/// </summary>
internal sealed class RootGenerationAttempt
{
    private string? _otp;

    public RootGenerationAttempt(string? otp, PgpTokenRecipient? pgp)
    {
        _otp = otp;
        Pgp = pgp;
    }

    public string Nonce { get; } = Guid.NewGuid().ToString();

    public PgpTokenRecipient? Pgp { get; }

    public string? Otp => _otp;

    /// <summary>Shares submitted towards the current combination; cleared after each combination, good or bad.</summary>
    public UnsealAttempt Shares { get; } = new();

    public void Wipe()
    {
        Shares.Wipe();
        _otp = null;
    }
}
