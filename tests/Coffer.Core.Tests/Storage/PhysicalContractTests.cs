using Coffer.Core.Storage;

namespace Coffer.Core.Tests.Storage;

/// <summary>Every backend must honour the same contract; each test runs against each backend.</summary>
public sealed class PhysicalContractTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("coffer-physical-").FullName;
    private readonly List<IPhysical> _opened = [];

    public static TheoryData<string> Backends => new() { "inmem", "sqlite" };

    private async Task<IPhysical> OpenAsync(string backend)
    {
        IPhysical physical = backend == "sqlite"
            ? await SqlitePhysical.OpenAsync(Path.Combine(_directory, $"{Guid.NewGuid()}.db"))
            : new InMemPhysical();
        _opened.Add(physical);
        return physical;
    }

    [Theory, MemberData(nameof(Backends))]
    public async Task PutGetDeleteRoundTrip(string backend)
    {
        var physical = await OpenAsync(backend);
        Assert.Null(await physical.GetAsync("a"));
        await physical.PutAsync("a", [1, 2, 3]);
        Assert.Equal([1, 2, 3], await physical.GetAsync("a"));
        await physical.PutAsync("a", [4]);
        Assert.Equal([4], await physical.GetAsync("a"));
        await physical.DeleteAsync("a");
        Assert.Null(await physical.GetAsync("a"));
    }

    [Theory, MemberData(nameof(Backends))]
    public async Task ListShowsDirectChildrenAndFoldersOnce(string backend)
    {
        var physical = await OpenAsync(backend);
        foreach (var key in new[] { "p/a", "p/b/c", "p/b/d", "p/e/f/g", "q/x", "pz" })
        {
            await physical.PutAsync(key, [0]);
        }
        Assert.Equal(["a", "b/", "e/"], await physical.ListAsync("p/"));
        Assert.Equal(["c", "d"], await physical.ListAsync("p/b/"));
        Assert.Equal(["p/", "pz", "q/"], await physical.ListAsync(""));
        Assert.Empty(await physical.ListAsync("nothing/"));
    }

    [Theory, MemberData(nameof(Backends))]
    public async Task BatchAppliesEveryOperation(string backend)
    {
        var physical = await OpenAsync(backend);
        await physical.PutAsync("gone", [9]);
        await physical.CommitAsync([StorageOperation.Put("x", [1]), StorageOperation.Put("y", [2]), StorageOperation.Delete("gone")]);
        Assert.Equal([1], await physical.GetAsync("x"));
        Assert.Equal([2], await physical.GetAsync("y"));
        Assert.Null(await physical.GetAsync("gone"));
    }

    [Theory, MemberData(nameof(Backends))]
    public async Task ConcurrentWritersAllLand(string backend)
    {
        var physical = await OpenAsync(backend);
        await Task.WhenAll(Enumerable.Range(0, 500).Select(i => Task.Run(() => physical.PutAsync($"k/{i:D4}", BitConverter.GetBytes(i)))));
        var keys = await physical.ListAsync("k/");
        Assert.Equal(500, keys.Count);
        Assert.Equal(BitConverter.GetBytes(123), await physical.GetAsync("k/0123"));
    }

    [Theory, MemberData(nameof(Backends))]
    public async Task RangeReadReturnsEntriesInOrdinalOrderWithinBoundsAndLimit(string backend)
    {
        var physical = await OpenAsync(backend);
        string[] keys = ["a", "a-b", "a/x", "a/y/z", "a0", "ab", "b", "b/c"];
        await physical.CommitAsync(keys.Reverse().Select((k, i) => StorageOperation.Put(k, [(byte)i])).ToList());

        var all = await physical.ReadRangeAsync("a", "b", 100);
        Assert.Equal(["a", "a-b", "a/x", "a/y/z", "a0", "ab"], all.Select(e => e.Key));
        Assert.Equal(await physical.GetAsync("a/x"), all.Single(e => e.Key == "a/x").Value);
        Assert.Equal(["a", "a-b"], (await physical.ReadRangeAsync("a", "b", 2)).Select(e => e.Key));
        Assert.Equal(["a/x", "a/y/z"], (await physical.ReadRangeAsync("a/", "a/\uffff", 10)).Select(e => e.Key));
        // The key right after "a" in ordinal order is "a" + U+0000: a page resumed there does not repeat "a".
        Assert.Equal("a-b", (await physical.ReadRangeAsync("a\0", "b", 1)).Single().Key);
        Assert.Empty(await physical.ReadRangeAsync("b", "a", 10));
    }

    [Fact]
    public async Task SqliteKeepsDataAcrossReopen()
    {
        var path = Path.Combine(_directory, "reopen.db");
        await using (var first = await SqlitePhysical.OpenAsync(path))
        {
            await first.PutAsync("durable", [7, 7]);
        }
        await using var second = await SqlitePhysical.OpenAsync(path);
        Assert.Equal([7, 7], await second.GetAsync("durable"));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var physical in _opened)
        {
            await physical.DisposeAsync();
        }
        Directory.Delete(_directory, recursive: true);
    }
}
