using System.Diagnostics;
using Coffer.Bench.Metrics;
using Coffer.Bench.Workloads;

namespace Coffer.Bench.Replication;

/// <summary>
/// A fixed-rate, open-loop writer: request i is due at start + i / rate whether or not earlier ones have
/// answered, so a slow server meets the offered rate as queueing (counted in the latency, which runs from the
/// due time) instead of silently lowering it. Requests due while <c>maxInFlight</c> are already outstanding are
/// skipped and counted: a rate the server cannot sustain shows as skips and a lower achieved rate.
/// </summary>
public sealed class OpenLoopWriter(HttpClient client, double rate, TimeSpan duration, int maxInFlight)
{
    public async Task<OpenLoopResult> RunAsync(Func<long, (Uri Uri, byte[] Body)> request, CancellationToken cancellationToken)
    {
        var stats = new WorkerStats();
        var statsLock = new Lock();
        var inFlight = 0;
        long issued = 0, skipped = 0;
        var pending = new List<Task>();
        var start = Stopwatch.GetTimestamp();
        var ticksPerRequest = Stopwatch.Frequency / rate;

        async Task SendAsync(long index, long due)
        {
            var (uri, body) = request(index);
            string? failure = null;
            try
            {
                using var message = JsonBodies.Request(HttpMethod.Post, uri, body);
                using var response = await client.SendAsync(message, cancellationToken);
                await response.Content.LoadIntoBufferAsync(cancellationToken);
                if (!response.IsSuccessStatusCode)
                {
                    failure = "HTTP " + (int)response.StatusCode;
                }
            }
            catch (HttpRequestException ex)
            {
                failure = ex.GetType().Name + ": " + ex.Message;
            }
            finally
            {
                Interlocked.Decrement(ref inFlight);
            }
            var micros = (long)Stopwatch.GetElapsedTime(due).TotalMicroseconds;
            lock (statsLock)
            {
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

        while (true)
        {
            var now = Stopwatch.GetTimestamp();
            var elapsed = Stopwatch.GetElapsedTime(start, now);
            if (elapsed >= duration)
            {
                break;
            }
            var dueCount = (long)(elapsed.TotalSeconds * rate) + 1;
            for (; issued < dueCount; issued++)
            {
                if (Volatile.Read(ref inFlight) >= maxInFlight)
                {
                    skipped++;
                    continue;
                }
                Interlocked.Increment(ref inFlight);
                pending.Add(SendAsync(issued, start + (long)(issued * ticksPerRequest)));
            }
            await Task.Delay(1, cancellationToken);
        }
        var sendWindow = Stopwatch.GetElapsedTime(start);
        await Task.WhenAll(pending);
        var drained = Stopwatch.GetElapsedTime(start);
        return new OpenLoopResult(rate, issued, skipped, stats, sendWindow, drained);
    }
}

/// <param name="Issued">Requests that fell due (sent or skipped).</param>
/// <param name="SendWindow">How long requests were being issued (the phase duration).</param>
/// <param name="Drained">From start until the last answer came back.</param>
public sealed record OpenLoopResult(double TargetRate, long Issued, long Skipped, WorkerStats Stats, TimeSpan SendWindow, TimeSpan Drained)
{
    /// <summary>Successful writes per second over the time it took to get them all answered.</summary>
    public double AchievedRate => Stats.Successes / Drained.TotalSeconds;
}
