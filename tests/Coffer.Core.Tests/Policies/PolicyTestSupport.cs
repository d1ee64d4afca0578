using System.Security.Cryptography;
using Coffer.Core.Access.Policies;
using Coffer.Core.Barrier;
using Coffer.Core.Storage;

namespace Coffer.Core.Tests.Policies;

/// <summary>Shortcuts shared by the policy tests.</summary>
internal static class PolicyTestSupport
{
    /// <summary>Compiles an ACL from policy texts named p0, p1, ... in the order given.</summary>
    public static Acl AclOf(params string[] texts) =>
        Acl.Compile(texts.Select((text, i) => PolicyParser.Parse($"p{i}", text)));

    /// <summary>A real barrier over in-memory storage, initialised and unsealed with a random root key.</summary>
    public static async Task<AesGcmBarrier> UnsealedBarrierAsync()
    {
        var rootKey = RandomNumberGenerator.GetBytes(32);
        var barrier = new AesGcmBarrier(new InMemPhysical(), SystemClock.Instance);
        await barrier.InitializeAsync(rootKey);
        Assert.True(await barrier.UnsealAsync(rootKey));
        return barrier;
    }

    public static CofferError AssertBadRequest(Action action)
    {
        var error = Assert.Throws<CofferError>(action);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, error.Status);
        return error;
    }

    public static async Task<CofferError> AssertBadRequestAsync(Func<Task> action)
    {
        var error = await Assert.ThrowsAsync<CofferError>(action);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, error.Status);
        return error;
    }
}

/// <summary>Counts reads so tests can tell a cache hit from a storage round trip.</summary>
internal sealed class CountingSecureStorage(ISecureStorage inner) : ISecureStorage
{
    private int _reads;

    public int Reads => Volatile.Read(ref _reads);

    public Task<byte[]?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _reads);
        return inner.GetAsync(key, cancellationToken);
    }

    public Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellationToken = default) =>
        inner.ListAsync(prefix, cancellationToken);

    public Task CommitAsync(IReadOnlyList<SecureOperation> batch, CancellationToken cancellationToken = default) =>
        inner.CommitAsync(batch, cancellationToken);
}
