using System.Net;
using System.Security.Cryptography;
using Coffer.Core.Barrier;
using Coffer.Core.Seal;
using Coffer.Core.Storage;

namespace Coffer.Core.Tests.Seal;

/// <summary>The generate-root flow on its own: a barrier over memory and an issuer that records what it minted.</summary>
public sealed class RootGenerationTests
{
    private sealed class RecordingIssuer : IRootTokenIssuer
    {
        public List<string> Issued { get; } = [];
        public int TokenLength => 12;

        public Task<string> IssueAsync(CancellationToken cancellationToken)
        {
            var token = "tok-" + OtpTokenEncoding.GenerateOtp(8);
            Issued.Add(token);
            return Task.FromResult(token);
        }
    }

    private static async Task<(RootGeneration Flow, RecordingIssuer Issuer, byte[] RootKey, AesGcmBarrier Barrier)> StartAsync(int threshold)
    {
        var barrier = new AesGcmBarrier(new InMemPhysical(), SystemClock.Instance);
        var rootKey = RandomNumberGenerator.GetBytes(32);
        await barrier.InitializeAsync(rootKey);
        Assert.True(await barrier.UnsealAsync(rootKey));
        var issuer = new RecordingIssuer();
        var config = new SealConfig(threshold == 1 ? 1 : threshold + 1, threshold);
        return (new RootGeneration(barrier, _ => Task.FromResult<SealConfig?>(config), issuer), issuer, rootKey, barrier);
    }

    [Fact]
    public async Task With_threshold_one_the_single_share_is_the_root_key()
    {
        var (flow, issuer, rootKey, _) = await StartAsync(threshold: 1);
        var otp = OtpTokenEncoding.GenerateOtp(12);
        var started = await flow.StartAsync(otp, null);
        var done = await flow.UpdateAsync(Convert.ToHexStringLower(rootKey), started.Nonce);
        Assert.True(done.Complete);
        Assert.Equal(issuer.Issued.Single(), OtpTokenEncoding.Decode(done.EncodedToken, otp));
    }

    [Fact]
    public async Task A_wrong_key_mints_nothing()
    {
        var (flow, issuer, _, _) = await StartAsync(threshold: 1);
        var started = await flow.StartAsync(null, null);
        var error = await Assert.ThrowsAsync<CofferError>(() => flow.UpdateAsync(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)), started.Nonce));
        Assert.Equal(HttpStatusCode.BadRequest, error.Status);
        Assert.StartsWith("root generation aborted: ", error.Errors[0], StringComparison.Ordinal);
        Assert.Empty(issuer.Issued);
    }

    [Fact]
    public async Task Shares_of_unequal_length_abort_without_minting()
    {
        var (flow, issuer, rootKey, _) = await StartAsync(threshold: 2);
        var shares = Shamir.Split(rootKey, 3, 2);
        var started = await flow.StartAsync(null, null);
        await flow.UpdateAsync(Convert.ToHexStringLower(shares[0]), started.Nonce);
        var error = await Assert.ThrowsAsync<CofferError>(() => flow.UpdateAsync(Convert.ToHexStringLower(shares[1][1..]), started.Nonce));
        Assert.StartsWith("root generation aborted: failed to compute root key", error.Errors[0], StringComparison.Ordinal);
        Assert.Empty(issuer.Issued);
        Assert.Equal(0, (await flow.StatusAsync()).Progress);

        await flow.UpdateAsync(Convert.ToBase64String(shares[2]), started.Nonce);
        Assert.True((await flow.UpdateAsync(Convert.ToBase64String(shares[1]), started.Nonce)).Complete);
        Assert.Single(issuer.Issued);
    }

    [Fact]
    public async Task Update_without_an_attempt_or_key_is_refused()
    {
        var (flow, _, rootKey, _) = await StartAsync(threshold: 1);
        var none = await Assert.ThrowsAsync<CofferError>(() => flow.UpdateAsync(Convert.ToHexStringLower(rootKey), Guid.NewGuid().ToString()));
        Assert.Equal("no root generation in progress", none.Errors[0]);
        await flow.StartAsync(null, null);
        var missing = await Assert.ThrowsAsync<CofferError>(() => flow.UpdateAsync("", "x"));
        Assert.Equal(HttpStatusCode.BadRequest, missing.Status);
    }

    [Fact]
    public async Task A_sealed_barrier_answers_sealed_and_unload_forgets_the_attempt()
    {
        var (flow, _, rootKey, barrier) = await StartAsync(threshold: 1);
        await flow.StartAsync(null, null);
        flow.Unload();
        Assert.False((await flow.StatusAsync()).Started);
        barrier.Seal();
        var error = await Assert.ThrowsAsync<CofferError>(() => flow.StartAsync(null, null));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.Status);
        Assert.True(await barrier.UnsealAsync(rootKey));
    }
}
