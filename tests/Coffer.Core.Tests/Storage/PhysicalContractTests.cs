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
