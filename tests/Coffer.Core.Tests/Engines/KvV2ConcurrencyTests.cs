using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Coffer.Core.Barrier;
using Coffer.Core.Engines.Kv;
using Coffer.Core.Routing;
using Coffer.Core.Storage;
using Coffer.Core.Tests.Auth;

namespace Coffer.Core.Tests.Engines;

/// <summary>
/// Writes race on storage that pauses before every read and commit: the per-key lock must keep versions and
/// check-and-set exact for one key, while different keys do not wait for each other.
/// </summary>
public sealed class KvV2ConcurrencyTests
{
    [Fact]
    public async Task ConcurrentWritesToOneKeyGetDistinctConsecutiveVersions()
    {
        var kv = await CreateAsync();
        var results = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => WriteAsync(kv, "shared", $"{{\"data\":{{\"n\":{i}}}}}")));
        var versions = results.Select(r => r!.Data!["version"]!.GetValue<long>()).Order().ToArray();
        Assert.Equal(Enumerable.Range(1, 40).Select(v => (long)v), versions);
    }

    [Fact]
    public async Task ConcurrentCreateWithCasZeroLetsExactlyOneWriterWin()
    {
        var kv = await CreateAsync();
        var attempts = Enumerable.Range(0, 20).Select(async i =>
        {
            try
            {
                await WriteAsync(kv, "once", $"{{\"data\":{{\"n\":{i}}},\"options\":{{\"cas\":0}}}}");
                return true;
            }
            catch (CofferError)
            {
                return false;
            }
        });
        Assert.Equal(1, (await Task.WhenAll(attempts)).Count(won => won));
    }

    [Fact]
    public async Task WritesToManyKeysEachStartAtVersionOne()
    {
        var kv = await CreateAsync();
        var results = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => WriteAsync(kv, $"key-{i}", """{"data":{"a":1}}""")));
        Assert.All(results, r => Assert.Equal(1, r!.Data!["version"]!.GetValue<long>()));
    }

    private static async Task<KvV2Backend> CreateAsync()
    {
        var barrier = new AesGcmBarrier(new InMemPhysical(), SystemClock.Instance);
        var rootKey = RandomNumberGenerator.GetBytes(32);
        await barrier.InitializeAsync(rootKey);
        Assert.True(await barrier.UnsealAsync(rootKey));
        var view = new StorageView(new SlowStorage(barrier), $"logical/{Guid.NewGuid()}/");
        return new KvV2Backend(view, new ManualClock(KvV2Fixture.Start));
    }

    private static Task<Response?> WriteAsync(KvV2Backend kv, string key, string json) =>
        kv.HandleAsync(new Request
        {
            Operation = Operation.Update,
            Path = "kv/data/" + key,
            MountRelativePath = "data/" + key,
            Data = JsonNode.Parse(json)!.AsObject(),
        }, CancellationToken.None);
}
