namespace Coffer.Bench.Metrics;

/// <summary>
/// What one worker observed during the timed phase. Owned by a single worker while it runs
/// (no synchronisation needed) and merged by the runner afterwards.
/// </summary>
public sealed class WorkerStats
{
    public LatencyHistogram Latency { get; } = new();

    public long Successes { get; private set; }

    public long Failures { get; private set; }

    /// <summary>Why requests failed ("HTTP 403", "HttpRequestException: Connection refused"), with counts.</summary>
    public Dictionary<string, long> FailureReasons { get; } = new(StringComparer.Ordinal);

    public void RecordSuccess(long micros)
    {
        Latency.Record(micros);
        Successes++;
    }

    public void RecordFailure(long micros, string reason)
    {
        Latency.Record(micros);
        Failures++;
        FailureReasons[reason] = FailureReasons.GetValueOrDefault(reason) + 1;
    }

    public void Merge(WorkerStats other)
    {
        Latency.Merge(other.Latency);
        Successes += other.Successes;
        Failures += other.Failures;
        foreach (var (reason, count) in other.FailureReasons)
        {
            FailureReasons[reason] = FailureReasons.GetValueOrDefault(reason) + count;
        }
    }
}
