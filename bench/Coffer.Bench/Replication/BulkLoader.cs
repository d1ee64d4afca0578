using System.Diagnostics;
using Coffer.Bench.Workloads;

namespace Coffer.Bench.Replication;

/// <summary>Writes <c>count</c> secrets as fast as <c>workers</c> concurrent connections allow (untimed data loading).</summary>
public static class BulkLoader
{
    public static async Task<(long Written, TimeSpan Elapsed)> LoadAsync(HttpClient client, Func<long, (Uri Uri, byte[] Body)> request,
        long count, int workers, CancellationToken cancellationToken)
    {
        long next = -1;
        var start = Stopwatch.GetTimestamp();

        async Task WorkerAsync()
        {
            while (true)
            {
                var index = Interlocked.Increment(ref next);
                if (index >= count)
                {
                    return;
                }
                var (uri, body) = request(index);
                for (var attempt = 1; ; attempt++)
                {
                    using var message = JsonBodies.Request(HttpMethod.Post, uri, body);
                    using var response = await client.SendAsync(message, cancellationToken);
                    if (response.IsSuccessStatusCode)
                    {
                        break;
                    }
                    var text = await response.Content.ReadAsStringAsync(cancellationToken);
                    if (attempt >= 3)
                    {
                        throw new InvalidOperationException($"writing {uri.AbsolutePath} failed: HTTP {(int)response.StatusCode}{SetupRequests.Describe(text)}");
                    }
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, workers).Select(_ => Task.Run(WorkerAsync, cancellationToken)));
        return (count, Stopwatch.GetElapsedTime(start));
    }
}
