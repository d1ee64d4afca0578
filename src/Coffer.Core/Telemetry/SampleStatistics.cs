namespace Coffer.Core.Telemetry;

/// <summary>
/// A point-in-time summary of the values recorded in one series, in the shape go-metrics reports:
/// how many values, their total, extremes and spread.
/// </summary>
internal readonly record struct SampleStatistics(long Count, double Sum, double SumOfSquares, double Min, double Max)
{
    public double Mean => Count == 0 ? 0 : Sum / Count;

    /// <summary>Sample (n - 1) standard deviation, as go-metrics computes it.</summary>
    public double StandardDeviation
    {
        get
        {
            if (Count < 2)
            {
                return 0;
            }

            double variance = ((Count * SumOfSquares) - (Sum * Sum)) / (Count * (double)(Count - 1));

            // Rounding can leave a true variance of zero slightly negative.
            return variance > 0 ? Math.Sqrt(variance) : 0;
        }
    }

    /// <summary>
    /// Total per second over <paramref name="elapsedSeconds"/>. go-metrics divides by its aggregation
    /// interval; this registry never resets, so the caller passes the time since it was created.
    /// </summary>
    public double RatePerSecond(double elapsedSeconds) => elapsedSeconds > 0 ? Sum / elapsedSeconds : 0;
}
