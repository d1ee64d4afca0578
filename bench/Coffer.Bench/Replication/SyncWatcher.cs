using System.Diagnostics;
using System.Globalization;

namespace Coffer.Bench.Replication;

/// <summary>
/// Polls a DR secondary and its primary until the secondary streams WALs with the primary's merkle root, noting
/// when the secondary's state changes (merkle-diff, merkle-sync, stream-wals), so a slow phase can be told apart.
/// </summary>
public sealed class SyncWatcher(ReplApi primary, ReplApi secondary, TimeSpan pollInterval)
{
    private readonly List<string> _transitions = [];

    /// <summary><c>state@ms</c> for each state the secondary reported, in order, times from <c>start</c>.</summary>
    public IReadOnlyList<string> Transitions => _transitions;

    /// <summary>Elapsed time from <paramref name="start"/> (a Stopwatch timestamp) until in sync; null on timeout.</summary>
    public async Task<TimeSpan?> WaitInSyncAsync(long start, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var last = "";
        while (Stopwatch.GetElapsedTime(start) < timeout)
        {
            var mine = await secondary.DrStatusAsync(cancellationToken);
            var elapsed = Stopwatch.GetElapsedTime(start);
            var state = mine is null ? "unreachable" : mine.Mode == "secondary" ? mine.State : mine.Mode;
            if (state != last)
            {
                _transitions.Add(state + "@" + elapsed.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture));
                last = state;
            }
            if (mine is { State: "stream-wals" })
            {
                var theirs = await primary.DrStatusAsync(cancellationToken);
                if (theirs is not null && mine.IsStreamingWith(theirs))
                {
                    return elapsed;
                }
            }
            await Task.Delay(pollInterval, cancellationToken);
        }
        return null;
    }
}
