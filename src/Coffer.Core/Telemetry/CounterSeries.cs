namespace Coffer.Core.Telemetry;

/// <summary>
/// A monotonically increasing total, plus the per-increment statistics go-metrics reports for
/// counters (how many increments, smallest, largest, spread).
/// </summary>
/// <remarks>
/// Each field is updated with its own atomic operation rather than under a lock: a reader may see one
/// increment reflected in the sum but not yet in the count, which is harmless for monitoring, and in
/// exchange writers never block each other. Once every writer has finished the totals are exact.
/// </remarks>
internal sealed class CounterSeries : MetricSeries
{
    private long _count;
    private double _sum;
    private double _sumOfSquares;
    private double _min = double.PositiveInfinity;
    private double _max = double.NegativeInfinity;

    public void Add(double value)
    {
        InterlockedDouble.Add(ref _sum, value);
        InterlockedDouble.Add(ref _sumOfSquares, value * value);
        InterlockedDouble.Min(ref _min, value);
        InterlockedDouble.Max(ref _max, value);

        // Last, so a reader that sees this increment also sees the extremes it covers (Interlocked
        // operations are full fences).
        Interlocked.Increment(ref _count);
    }

    /// <summary>
    /// Raises the total to <paramref name="total"/> when it is higher, counting the rise as one increment; a lower
    /// or equal total changes nothing. Two callers publishing the same snapshot concurrently raise it once.
    /// </summary>
    public void RaiseTo(double total)
    {
        double current = Volatile.Read(ref _sum);
        while (total > current)
        {
            double seen = Interlocked.CompareExchange(ref _sum, total, current);
            if (BitConverter.DoubleToInt64Bits(seen) == BitConverter.DoubleToInt64Bits(current))
            {
                double rise = total - current;
                InterlockedDouble.Add(ref _sumOfSquares, rise * rise);
                InterlockedDouble.Min(ref _min, rise);
                InterlockedDouble.Max(ref _max, rise);
                Interlocked.Increment(ref _count);
                return;
            }

            current = seen;
        }
    }

    public double Total => Volatile.Read(ref _sum);

    public SampleStatistics Snapshot()
    {
        long count = Volatile.Read(ref _count);
        if (count == 0)
        {
            // Created by a writer that has not finished its first Add yet.
            return default;
        }

        return new SampleStatistics(
            count,
            Volatile.Read(ref _sum),
            Volatile.Read(ref _sumOfSquares),
            Volatile.Read(ref _min),
            Volatile.Read(ref _max));
    }
}
