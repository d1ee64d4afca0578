using Coffer.Core.Storage;

namespace Coffer.Core.Tests.Storage;

public sealed class CachedPhysicalTests
{
    /// <summary>Counts backend reads, and can hold one read until the test lets it finish.</summary>
    private sealed class CountingPhysical : IPhysical
    {
        private readonly InMemPhysical _inner = new();
        public int Gets;
        public TaskCompletionSource? HoldNextGet;
        public TaskCompletionSource GetStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public string Name => "counting";

        public async Task<byte[]?> GetAsync(string key, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref Gets);
            var value = await _inner.GetAsync(key, cancellationToken);
            if (HoldNextGet is { } hold)
            {
                HoldNextGet = null;
                GetStarted.TrySetResult();
                await hold.Task;
            }
            return value;
        }

        public Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellationToken = default) => _inner.ListAsync(prefix, cancellationToken);

        public Task<IReadOnlyList<KeyValuePair<string, byte[]>>> ReadRangeAsync(string fromKey, string toKey, int limit,
            CancellationToken cancellationToken = default) =>
            _inner.ReadRangeAsync(fromKey, toKey, limit, cancellationToken);
        public Task CommitAsync(IReadOnlyList<StorageOperation> batch, CancellationToken cancellationToken = default) => _inner.CommitAsync(batch, cancellationToken);
        public ValueTask DisposeAsync() => _inner.DisposeAsync();
    }

    [Fact]
    public async Task RepeatedReadsHitTheBackendOnceAndWritesAreSeenAtOnce()
    {
        var backend = new CountingPhysical();
        var cache = new CachedPhysical(backend);
        await cache.PutAsync("k", [1]);
        Assert.Equal([1], await cache.GetAsync("k"));
        Assert.Equal([1], await cache.GetAsync("k"));
        Assert.Equal(1, backend.Gets);
        await cache.PutAsync("k", [2]);
        Assert.Equal([2], await cache.GetAsync("k"));
        await cache.DeleteAsync("k");
        Assert.Null(await cache.GetAsync("k"));
    }

    [Fact]
    public async Task AbsentKeysAreCachedUntilWrittenAndEmptyValuesStayEmpty()
    {
        var backend = new CountingPhysical();
        var cache = new CachedPhysical(backend);
        Assert.Null(await cache.GetAsync("missing"));
        Assert.Null(await cache.GetAsync("missing"));
        Assert.Equal(1, backend.Gets);
        await cache.PutAsync("missing", []);
        Assert.Empty((await cache.GetAsync("missing"))!);
        Assert.Empty((await cache.GetAsync("missing"))!);
        await cache.DeleteAsync("missing");
        Assert.Null(await cache.GetAsync("missing"));
    }

    [Fact]
    public async Task AReadOfAnAbsentKeyThatStartedBeforeAWriteIsNotCachedAfterIt()
    {
        var backend = new CountingPhysical();
        var cache = new CachedPhysical(backend);
        backend.HoldNextGet = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = backend.HoldNextGet;
        var staleRead = cache.GetAsync("k");
        await backend.GetStarted.Task;
        await cache.PutAsync("k", [2]);
        release.SetResult();
        Assert.Null(await staleRead);
        Assert.Equal([2], await cache.GetAsync("k"));
    }

    [Fact]
    public async Task AReadThatStartedBeforeAWriteIsNotCachedAfterIt()
    {
        var backend = new CountingPhysical();
        var cache = new CachedPhysical(backend);
        await cache.PutAsync("k", [1]);
        backend.HoldNextGet = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = backend.HoldNextGet;
        var staleRead = cache.GetAsync("k");
        await backend.GetStarted.Task;
        await cache.PutAsync("k", [2]);
        release.SetResult();
        Assert.Equal([1], await staleRead);
        Assert.Equal([2], await cache.GetAsync("k"));
    }

    [Fact]
    public async Task AFullCacheStartsOver()
    {
        var cache = new CachedPhysical(new InMemPhysical(), maxEntries: 10);
        for (var i = 0; i < 25; i++)
        {
            await cache.PutAsync($"k{i}", [(byte)i]);
            await cache.GetAsync($"k{i}");
        }
        Assert.InRange(cache.Count, 1, 10);
        Assert.Equal([24], await cache.GetAsync("k24"));
    }

    [Fact]
    public async Task InvalidatedEntriesFreeTheirPlaceInTheSizeBound()
    {
        var cache = new CachedPhysical(new InMemPhysical(), maxEntries: 10);
        for (var i = 0; i < 8; i++)
        {
            await cache.GetAsync($"k{i}");
        }
        for (var i = 0; i < 8; i++)
        {
            await cache.PutAsync($"k{i}", [(byte)i]);
        }
        Assert.Equal(0, cache.Count);

        // Ten fresh entries fit without the cache starting over, so the first of them is still there.
        for (var i = 0; i < 10; i++)
        {
            await cache.GetAsync($"fresh{i}");
        }
        Assert.Equal(10, cache.Count);
        await cache.GetAsync("fresh0");
        Assert.Equal(10, cache.Count);
        await cache.GetAsync("one-more");
        Assert.Equal(1, cache.Count);
    }
}
