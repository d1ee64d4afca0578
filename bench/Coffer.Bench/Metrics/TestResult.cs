namespace Coffer.Bench.Metrics;

/// <summary>
/// Summary of one timed test, with the columns vault-benchmark prints: rate counts every
/// completed request, throughput only the successful ones.
/// </summary>
public sealed record TestResult(
    string Name,
    int Workers,
    TimeSpan Elapsed,
    long Count,
    long Successes,
    double MeanMs,
    double P95Ms,
    double P99Ms,
    IReadOnlyDictionary<string, long> FailureReasons)
{
    public double Rate => Elapsed > TimeSpan.Zero ? Count / Elapsed.TotalSeconds : 0;

    public double Throughput => Elapsed > TimeSpan.Zero ? Successes / Elapsed.TotalSeconds : 0;

    public double SuccessRatio => Count == 0 ? 0 : (double)Successes / Count;

    /// <summary>This test's rate divided by the baseline's, when a baseline ran in the same invocation.</summary>
    public double? RatioToBaseline { get; init; }

    public static TestResult From(string name, int workers, TimeSpan elapsed, WorkerStats stats) => new(
        name,
        workers,
        elapsed,
        stats.Latency.Count,
        stats.Successes,
        stats.Latency.MeanMicros / 1000.0,
        stats.Latency.PercentileMicros(0.95) / 1000.0,
        stats.Latency.PercentileMicros(0.99) / 1000.0,
        stats.FailureReasons);
}
