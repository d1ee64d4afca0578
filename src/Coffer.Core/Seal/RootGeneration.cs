using System.Security.Cryptography;
using System.Text;
using Coffer.Core.Barrier;

namespace Coffer.Core.Seal;

/// <summary>
/// The generate-root flow (spec/replication.md §6.6): an operator starts an attempt with an OTP or a PGP key, key
/// holders submit unseal key shares against its nonce, and at the threshold the shares are combined and checked
/// against the barrier's root key before <see cref="IRootTokenIssuer"/> mints the token, which is returned only in
/// encoded form. One attempt at a time; it lives in memory only and is forgotten at seal.
/// </summary>
public sealed class RootGeneration(AesGcmBarrier barrier, Func<CancellationToken, Task<SealConfig?>> readSealConfig, IRootTokenIssuer issuer) : IRootGenerationFlow
{
    private readonly SemaphoreSlim _lock = new(1, 1);
    private RootGenerationAttempt? _attempt;

    /// <summary>Length of the OTP an attempt must be started with (the length of the token minted).</summary>
    public int OtpLength => issuer.TokenLength;

    public async Task<RootGenerationStatus> StatusAsync(CancellationToken cancellationToken = default)
    {
        var config = await RequireReadyAsync(cancellationToken);
        await _lock.WaitAsync(cancellationToken);
        try
        {
            return StatusOf(_attempt, config, _attempt?.Shares.Progress ?? 0, generatedOtp: "");
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>Starts an attempt. With neither <paramref name="otp"/> nor <paramref name="pgpKey"/> the server picks an OTP and returns it once.</summary>
    public async Task<RootGenerationStatus> StartAsync(string? otp, string? pgpKey, CancellationToken cancellationToken = default)
    {
        var config = await RequireReadyAsync(cancellationToken);
        otp = string.IsNullOrEmpty(otp) ? null : otp;
        pgpKey = string.IsNullOrWhiteSpace(pgpKey) ? null : pgpKey;
        if (otp is not null && pgpKey is not null)
        {
            throw CofferError.BadRequest("only one of otp and pgp_key may be given");
        }
        if (otp is not null && Encoding.UTF8.GetByteCount(otp) != issuer.TokenLength)
        {
            throw CofferError.BadRequest("OTP string is wrong length");
        }
        var pgp = pgpKey is null ? null : PgpTokenRecipient.Parse(pgpKey);
        var generatedOtp = "";
        if (otp is null && pgp is null)
        {
            otp = generatedOtp = OtpTokenEncoding.GenerateOtp(issuer.TokenLength);
        }
        await _lock.WaitAsync(cancellationToken);
        try
        {
            if (_attempt is not null)
            {
                throw CofferError.BadRequest("root generation already in progress");
            }
            _attempt = new RootGenerationAttempt(otp, pgp);
            return StatusOf(_attempt, config, 0, generatedOtp);
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>Adds one key share; the share that reaches the threshold completes (or aborts) the attempt.</summary>
    public async Task<RootGenerationStatus> UpdateAsync(string? key, string? nonce, CancellationToken cancellationToken = default)
    {
        var config = await RequireReadyAsync(cancellationToken);
        if (string.IsNullOrWhiteSpace(key))
        {
            throw CofferError.BadRequest("'key' must be specified in request body as JSON");
        }
        var share = UnsealKeyParser.Parse(key);
        await _lock.WaitAsync(cancellationToken);
        try
        {
            var attempt = _attempt ?? throw CofferError.BadRequest("no root generation in progress");
            if (!string.Equals(nonce?.Trim(), attempt.Nonce, StringComparison.Ordinal))
            {
                throw CofferError.BadRequest($"incorrect nonce supplied; nonce for this root generation operation is \"{attempt.Nonce}\"");
            }
            if (attempt.Shares.Contains(share))
            {
                throw CofferError.BadRequest("given key has already been provided during this generation operation");
            }
            attempt.Shares.Add(share);
            var progress = attempt.Shares.Progress;
            if (progress < config.Threshold)
            {
                return StatusOf(attempt, config, progress, generatedOtp: "");
            }
            // Whatever the outcome, these shares are spent: a failed combination starts the count again (as Vault).
            VerifyAndWipe(attempt.Shares);
            var token = await issuer.IssueAsync(cancellationToken);
            var encoded = attempt.Otp is { } attemptOtp
                ? OtpTokenEncoding.Encode(token, attemptOtp)
                : Convert.ToBase64String(attempt.Pgp!.Encrypt(Encoding.UTF8.GetBytes(token)));
            _attempt = null;
            attempt.Wipe();
            return new RootGenerationStatus(true, attempt.Nonce, progress, config.Threshold, true, encoded, attempt.Pgp?.Fingerprint ?? "",
                issuer.TokenLength, "");
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>Cancels the attempt in progress, if any, discarding its shares.</summary>
    public async Task CancelAsync(CancellationToken cancellationToken = default)
    {
        await RequireReadyAsync(cancellationToken);
        await _lock.WaitAsync(cancellationToken);
        try
        {
            _attempt?.Wipe();
            _attempt = null;
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>At seal: forgets the attempt and wipes its shares (in-flight requests have drained by then).</summary>
    public void Unload() => Interlocked.Exchange(ref _attempt, null)?.Wipe();

    private void VerifyAndWipe(UnsealAttempt shares)
    {
        byte[] combined;
        try
        {
            combined = shares.Progress == 1 ? (byte[])shares.Shares[0].Clone() : Shamir.Combine(shares.Shares);
        }
        catch (ArgumentException)
        {
            throw CofferError.BadRequest("root generation aborted: failed to compute root key: the key shares are not from the same split");
        }
        finally
        {
            shares.Wipe();
        }
        try
        {
            if (!barrier.IsRootKey(combined))
            {
                throw CofferError.BadRequest("root generation aborted: the key shares do not combine to the root key");
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(combined);
        }
    }

    private async Task<SealConfig> RequireReadyAsync(CancellationToken cancellationToken)
    {
        if (barrier.IsSealed)
        {
            throw CofferError.Sealed();
        }
        return await readSealConfig(cancellationToken) ?? throw CofferError.BadRequest("Vault is not initialized");
    }

    private RootGenerationStatus StatusOf(RootGenerationAttempt? attempt, SealConfig config, int progress, string generatedOtp) =>
        new(attempt is not null, attempt?.Nonce ?? "", progress, config.Threshold, false, "", attempt?.Pgp?.Fingerprint ?? "",
            issuer.TokenLength, generatedOtp);
}
