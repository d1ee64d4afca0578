using System.Diagnostics;
using Coffer.Core.Replication.Wal;
using Coffer.Core.Storage;
using Xunit.Abstractions;
using static Coffer.Core.Tests.Replication.ReplicationTestStores;

namespace Coffer.Core.Tests.Replication;

/// <summary>
/// Concurrent micro measurement: the same single-put workload straight on SQLite and through the log, printed for
/// comparison. Asserts only what must hold whatever the machine's speed: every write committed, and the log
/// folded concurrent callers into shared inner commits (group commit kept working).
/// </summary>
public sealed class ReplicationLogThroughputTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("coffer-repl-throughput-").FullName;

    [Fact]
    public async Task ConcurrentSinglePutsThroughTheLogShareInnerCommits()
    {
        const int writers = 32;
        const int perWriter = 100;
        await using (var raw = await SqlitePhysical.OpenAsync(Path.Combine(_directory, "raw.db")))
        {
            var rawElapsed = await RunAsync(raw, writers, perWriter);
            output.WriteLine($"sqlite direct: {writers * perWriter / rawElapsed.TotalSeconds:F0} puts/s");
        }
        var inner = new FaultyPhysical(await SqlitePhysical.OpenAsync(Path.Combine(_directory, "logged.db")));
        await using var log = await ReplicationLog.OpenAsync(inner, Classifier);
        var loggedElapsed = await RunAsync(log, writers, perWriter);
        output.WriteLine($"through log:   {writers * perWriter / loggedElapsed.TotalSeconds:F0} puts/s, " +
                         $"{inner.Commits} inner commits for {writers * perWriter} batches");

        Assert.Equal((ulong)(writers * perWriter), log.LastIndex);
        Assert.True(inner.Commits <= writers * perWriter / 2, $"{inner.Commits} inner commits for {writers * perWriter} batches");
        await inner.DisposeInnerAsync();
    }

    private static async Task<TimeSpan> RunAsync(IPhysical storage, int writers, int perWriter)
    {
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            var value = new byte[256];
            for (var i = 0; i < perWriter; i++)
            {
                await storage.PutAsync($"logical/kv{w % 4}/versions/w{w}/k{i}", value);
            }
        })));
        return Stopwatch.GetElapsedTime(started);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        Directory.Delete(_directory, recursive: true);
        return Task.CompletedTask;
    }
}
