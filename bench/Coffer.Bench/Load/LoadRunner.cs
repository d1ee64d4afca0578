using System.Diagnostics;
using Coffer.Bench.Metrics;
using Coffer.Bench.Workloads;

namespace Coffer.Bench.Load;

/// <summary>
/// Closed-loop load: each worker sends its next request as soon as the previous one is
/// answered, for warm-up plus duration. Only requests that start after the warm-up and
/// complete before the end are measured, so connection setup and JIT do not skew results
/// and requests cut off at the deadline are not counted.
/// </summary>
public sealed class LoadRunner(int workers, TimeSpan warmup, TimeSpan duration)
{
    // Large enough to drain typical API responses in one read without a per-request buffer.
    private const int DrainBufferBytes = 16 * 1024;

    public async Task<TestResult> RunAsync(BenchTest test, HttpClient client)
    {
        var stats = new WorkerStats[workers];
        var begin = Stopwatch.GetTimestamp();
        var measureStart = begin + ToTimestamp(warmup);
        var measureEnd = measureStart + ToTimestamp(duration);

        // The token aborts requests still in flight at the deadline (e.g. a stalled server),
        // which keeps every worker loop bounded in time.
        using var stop = new CancellationTokenSource(warmup + duration);
        var tasks = new Task[workers];
        for (var i = 0; i < workers; i++)
        {
            var worker = new Worker(test, client, stats[i] = new WorkerStats(), new Random(7919 * (i + 1)), measureStart, measureEnd);
            tasks[i] = Task.Run(() => worker.RunAsync(stop.Token));
        }

        await Task.WhenAll(tasks);

        var total = new WorkerStats();
        foreach (var s in stats)
        {
            total.Merge(s);
        }

        return TestResult.From(test.Name, workers, duration, total);
    }

    private static long ToTimestamp(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);

    private sealed class Worker(
        BenchTest test, HttpClient client, WorkerStats stats, Random random, long measureStart, long measureEnd)
    {
        private readonly byte[] _drain = new byte[DrainBufferBytes];

        public async Task RunAsync(CancellationToken stop)
        {
            while (!stop.IsCancellationRequested)
            {
                var started = Stopwatch.GetTimestamp();
                if (started >= measureEnd)
                {
                    return;
                }

                string? failure;
                try
                {
                    using var request = test.CreateRequest(random);
                    using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, stop);

                    // Read the body to the end: that is part of the latency, and an undrained
                    // response would not give its connection back to the pool.
                    await using var body = await response.Content.ReadAsStreamAsync(stop);
                    while (await body.ReadAsync(_drain, stop) > 0)
                    {
                    }

                    var status = (int)response.StatusCode;
                    failure = test.IsSuccess(status) ? null : "HTTP " + status;
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception ex)
                {
                    // Refused connections, resets, TLS errors: a failed request, never a crash.
                    failure = ex.GetType().Name + ": " + SetupRequests.Innermost(ex);
                }

                var finished = Stopwatch.GetTimestamp();
                if (started < measureStart || finished > measureEnd)
                {
                    continue;
                }

                var micros = Stopwatch.GetElapsedTime(started, finished).Ticks / TimeSpan.TicksPerMicrosecond;
                if (failure is null)
                {
                    stats.RecordSuccess(micros);
                }
                else
                {
                    stats.RecordFailure(micros, failure);
                }
            }
        }
    }
}
