using System.Text.Json;
using Coffer.Core.Telemetry;

namespace Coffer.Core.Tests.Telemetry;

public class MetricsRegistryConcurrencyTests
{
    private const int Threads = 8;
    private const int CallsPerThread = 100_000;

    private readonly MetricsRegistry _registry = new(() => DateTimeOffset.UnixEpoch);

    [Fact]
    public void ConcurrentIncrements_SumExactly()
    {
        (string, string)[] labels = [("mount", "secret")];

        RunConcurrently(_ =>
        {
            for (int i = 0; i < CallsPerThread; i++)
            {
                _registry.IncrementCounter("vault.requests");
                _registry.IncrementCounter("vault.route.read", 0.5, labels);
            }
        });

        string output = _registry.RenderPrometheus();
        Assert.Contains($"vault_requests {Threads * CallsPerThread}\n", output);
        Assert.Contains($"vault_route_read{{mount=\"secret\"}} {Threads * CallsPerThread / 2}\n", output);

        using var json = JsonDocument.Parse(_registry.RenderJson());
        var counts = json.RootElement.GetProperty("Counters").EnumerateArray().Select(c => c.GetProperty("Count").GetInt64());
        Assert.All(counts, count => Assert.Equal(Threads * CallsPerThread, count));
    }

    [Fact]
    public void ConcurrentFirstUseOfALabelSet_CreatesOneSeries()
    {
        // Every thread races to create the same new series, in a different label order each.
        RunConcurrently(thread =>
        {
            for (int i = 0; i < 1000; i++)
            {
                if (thread % 2 == 0)
                {
                    _registry.IncrementCounter("c", 1, ("k", $"v{i}"), ("op", "read"));
                }
                else
                {
                    _registry.IncrementCounter("c", 1, ("op", "read"), ("k", $"v{i}"));
                }
            }
        });

        var lines = _registry.RenderPrometheus().Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).ToArray();
        Assert.Equal(1000, lines.Length);
        Assert.All(lines, line => Assert.EndsWith($" {Threads}", line));
    }

    [Fact]
    public void ConcurrentObservations_CountExactly()
    {
        RunConcurrently(thread =>
        {
            for (int i = 0; i < CallsPerThread; i++)
            {
                _registry.ObserveDuration("vault.http.request", TimeSpan.FromTicks((thread * 7919L) + i));
            }
        });

        string output = _registry.RenderPrometheus();
        Assert.Contains($"vault_http_request_count {Threads * CallsPerThread}\n", output);
        Assert.Contains($"vault_http_request_bucket{{le=\"+Inf\"}} {Threads * CallsPerThread}\n", output);
    }

    [Fact]
    public async Task RenderingDuringWrites_AlwaysHasInfBucketEqualToCount()
    {
        using var stop = new CancellationTokenSource();
        var writers = Enumerable.Range(0, 2).Select(_ => Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                _registry.ObserveDuration("d", TimeSpan.FromMilliseconds(3));
                _registry.IncrementCounter("c");
            }
        })).ToArray();

        try
        {
            for (int i = 0; i < 200; i++)
            {
                var lines = _registry.RenderPrometheus().Split('\n');
                string? inf = lines.FirstOrDefault(l => l.StartsWith("d_bucket{le=\"+Inf\"}", StringComparison.Ordinal));
                string? count = lines.FirstOrDefault(l => l.StartsWith("d_count ", StringComparison.Ordinal));
                Assert.Equal(inf?.Split(' ')[1], count?.Split(' ')[1]);
                _ = _registry.RenderJson();
            }
        }
        finally
        {
            stop.Cancel();
            await Task.WhenAll(writers);
        }
    }

    [Fact]
    public void RecordingAnExistingSeries_DoesNotAllocate()
    {
        (string, string)[] labels = [("mount", "secret"), ("op", "read")];
        void RecordBatch(int calls)
        {
            for (int i = 0; i < calls; i++)
            {
                _registry.IncrementCounter("vault.route.read");
                _registry.IncrementCounter("vault.route.read.labeled", 1, labels);
                _registry.ObserveDuration("vault.http.request", TimeSpan.FromMilliseconds(1), labels);
                _registry.SetGauge("vault.core.unsealed", 1);
            }
        }

        RecordBatch(1000); // creates the series and warms up the JIT
        long before = GC.GetAllocatedBytesForCurrentThread();
        RecordBatch(10_000);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        // Any per-call allocation would be at least 24 bytes x 40,000 calls; allow only incidental noise.
        Assert.True(allocated < 1024, $"Recording allocated {allocated} bytes.");
    }

    private static void RunConcurrently(Action<int> work)
    {
        using var start = new System.Threading.Barrier(Threads);
        var threads = Enumerable.Range(0, Threads).Select(index => new Thread(() =>
        {
            start.SignalAndWait();
            work(index);
        })).ToArray();

        foreach (var thread in threads)
        {
            thread.Start();
        }

        foreach (var thread in threads)
        {
            thread.Join();
        }
    }
}
