using System.Net;
using Coffer.Core.Routing;
using Coffer.Core.Storage;

namespace Coffer.Core.Tests.CoreFlow;

public sealed class SealLifecycleTests
{
    [Fact]
    public async Task InitLeavesTheNodeSealedWithTheRequestedSplit()
    {
        var core = new CofferCore(new InMemPhysical(), new CoreOptions(), SystemClock.Instance);
        Assert.False(await core.IsInitializedAsync());
        var init = await core.InitializeAsync(5, 3);
        Assert.Equal(5, init.Keys.Count);
        Assert.StartsWith("hvs.", init.RootToken);
        var status = await core.GetSealStatusAsync();
        Assert.True(status.Initialized);
        Assert.True(status.Sealed);
        Assert.Equal((3, 5, 0), (status.Threshold, status.Shares, status.Progress));
        var again = await Assert.ThrowsAsync<CofferError>(() => core.InitializeAsync(1, 1));
        Assert.Equal("Vault is already initialized", again.Message);
    }

    [Theory]
    [InlineData(0, 0, "shares must be at least one")]
    [InlineData(3, 4, "threshold cannot be larger than shares")]
    [InlineData(3, 1, "threshold must be greater than one for multiple shares")]
    [InlineData(256, 3, "shares must be less than 256")]
    public async Task InvalidSplitsAreRejected(int shares, int threshold, string message)
    {
        var core = new CofferCore(new InMemPhysical(), new CoreOptions(), SystemClock.Instance);
        var error = await Assert.ThrowsAsync<CofferError>(() => core.InitializeAsync(shares, threshold));
        Assert.Equal($"invalid seal configuration: {message}", error.Message);
        Assert.False(await core.IsInitializedAsync());
    }

    [Fact]
    public async Task UnsealNeedsThresholdSharesAndCountsProgress()
    {
        var core = new CofferCore(new InMemPhysical(), new CoreOptions(), SystemClock.Instance);
        var init = await core.InitializeAsync(5, 3);
        var first = await core.SubmitUnsealKeyAsync(init.Keys[4]);
        Assert.Equal(1, first.Progress);
        Assert.NotEqual("", first.Nonce);
        var repeated = await core.SubmitUnsealKeyAsync(init.Keys[4]);
        Assert.Equal(1, repeated.Progress);
        var second = await core.SubmitUnsealKeyAsync(init.Keys[1]);
        Assert.True(second.Sealed);
        Assert.Equal(first.Nonce, second.Nonce);
        var third = await core.SubmitUnsealKeyAsync(init.Keys[2]);
        Assert.False(third.Sealed);
        Assert.Equal(0, third.Progress);
        Assert.NotNull(third.ClusterId);
    }

    [Fact]
    public async Task SharesFromAnotherSplitFailAndResetProgress()
    {
        var core = new CofferCore(new InMemPhysical(), new CoreOptions(), SystemClock.Instance);
        await core.InitializeAsync(3, 2);
        var other = new CofferCore(new InMemPhysical(), new CoreOptions(), SystemClock.Instance);
        var otherInit = await other.InitializeAsync(3, 2);
        await core.SubmitUnsealKeyAsync(otherInit.Keys[0]);
        await Assert.ThrowsAsync<CofferError>(() => core.SubmitUnsealKeyAsync(otherInit.Keys[1]));
        var status = await core.GetSealStatusAsync();
        Assert.True(status.Sealed);
        Assert.Equal(0, status.Progress);
    }

    [Fact]
    public async Task ResetDiscardsProgress()
    {
        var core = new CofferCore(new InMemPhysical(), new CoreOptions(), SystemClock.Instance);
        var init = await core.InitializeAsync(3, 2);
        await core.SubmitUnsealKeyAsync(init.Keys[0]);
        var status = await core.ResetUnsealAsync();
        Assert.Equal(0, status.Progress);
        Assert.True(status.Sealed);
    }

    [Fact]
    public async Task SealedCoreRefusesRequestsWith503AndUnsealRestoresData()
    {
        var harness = await CoreHarness.StartAsync(3, 2);
        await harness.SendAsync(Operation.Update, "secret/app", """{"password":"s3cret"}""");
        await harness.Core.SealAsync(harness.RootToken);
        var sealedError = await Assert.ThrowsAsync<CofferError>(() => harness.SendAsync(Operation.Read, "secret/app"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, sealedError.Status);
        Assert.Equal("Vault is sealed", sealedError.Message);
        await harness.Core.SubmitUnsealKeyAsync(harness.Keys[0]);
        await harness.Core.SubmitUnsealKeyAsync(harness.Keys[2]);
        var read = await harness.SendAsync(Operation.Read, "secret/app");
        Assert.Equal("s3cret", read!.Data!["password"]!.GetValue<string>());
    }

    [Fact]
    public async Task SealNeedsAValidToken()
    {
        var harness = await CoreHarness.StartAsync();
        var error = await Assert.ThrowsAsync<CofferError>(() => harness.Core.SealAsync("hvs.not-a-token"));
        Assert.Equal(HttpStatusCode.Forbidden, error.Status);
        Assert.False(harness.Core.IsSealed);
    }
}
