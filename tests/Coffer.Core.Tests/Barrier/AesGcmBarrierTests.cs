using System.Security.Cryptography;
using System.Text;
using Coffer.Core.Barrier;
using Coffer.Core.Storage;

namespace Coffer.Core.Tests.Barrier;

public sealed class AesGcmBarrierTests
{
    private readonly InMemPhysical _physical = new();
    private readonly byte[] _rootKey = RandomNumberGenerator.GetBytes(32);

    private async Task<AesGcmBarrier> UnsealedAsync()
    {
        var barrier = new AesGcmBarrier(_physical, SystemClock.Instance);
        await barrier.InitializeAsync(_rootKey);
        Assert.True(await barrier.UnsealAsync(_rootKey));
        return barrier;
    }

    [Fact]
    public async Task StoresCiphertextAndReadsPlaintext()
    {
        var barrier = await UnsealedAsync();
        await barrier.PutAsync("logical/x/secret", Encoding.UTF8.GetBytes("hunter2-value"));
        var stored = await _physical.GetAsync("logical/x/secret");
        Assert.NotNull(stored);
        Assert.DoesNotContain("hunter2", Encoding.UTF8.GetString(stored));
        Assert.Equal("hunter2-value", Encoding.UTF8.GetString((await barrier.GetAsync("logical/x/secret"))!));
    }

    [Fact]
    public async Task CiphertextMovedToAnotherPathDoesNotOpen()
    {
        var barrier = await UnsealedAsync();
        await barrier.PutAsync("a", [1, 2, 3]);
        await _physical.PutAsync("b", (await _physical.GetAsync("a"))!);
        await Assert.ThrowsAnyAsync<CryptographicException>(() => barrier.GetAsync("b"));
    }

    [Fact]
    public async Task WrongRootKeyDoesNotUnseal()
    {
        var barrier = new AesGcmBarrier(_physical, SystemClock.Instance);
        await barrier.InitializeAsync(_rootKey);
        Assert.False(await barrier.UnsealAsync(RandomNumberGenerator.GetBytes(32)));
        Assert.True(barrier.IsSealed);
    }

    [Fact]
    public async Task SealedBarrierRefusesAccess()
    {
        var barrier = await UnsealedAsync();
        barrier.Seal();
        var error = await Assert.ThrowsAsync<CofferError>(() => barrier.GetAsync("a"));
        Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, error.Status);
    }

    [Fact]
    public async Task RotationKeepsOldEntriesReadableAndUsesNewTermForWrites()
    {
        var barrier = await UnsealedAsync();
        await barrier.PutAsync("old", [1]);
        var term = await barrier.RotateAsync();
        Assert.Equal(2u, term.Term);
        await barrier.PutAsync("new", [2]);
        Assert.Equal(1u, EntryCipher.TermOf(await _physical.GetAsync("old")));
        Assert.Equal(2u, EntryCipher.TermOf(await _physical.GetAsync("new")));

        var reopened = new AesGcmBarrier(_physical, SystemClock.Instance);
        Assert.True(await reopened.UnsealAsync(_rootKey));
        Assert.Equal([1], await reopened.GetAsync("old"));
        Assert.Equal([2], await reopened.GetAsync("new"));
        Assert.Equal(2u, reopened.ActiveTerm.Term);
    }

    [Fact]
    public async Task InitializingTwiceIsRefused()
    {
        var barrier = new AesGcmBarrier(_physical, SystemClock.Instance);
        await barrier.InitializeAsync(_rootKey);
        var error = await Assert.ThrowsAsync<CofferError>(() => barrier.InitializeAsync(_rootKey));
        Assert.Equal("Vault is already initialized", error.Message);
    }
}
