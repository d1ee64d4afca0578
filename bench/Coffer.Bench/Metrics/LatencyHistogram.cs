using System.Numerics;

namespace Coffer.Bench.Metrics;

/// <summary>
/// Log-linear latency histogram in whole microseconds (the HdrHistogram idea, reduced to what
/// the benchmark needs). Recording is an array increment, so each worker owns one and they
/// are merged after the run: no locks or shared cache lines on the hot path.
/// Values below 256 µs are exact; above that each power of two is split into 128 buckets,
/// so any reported percentile is within 1/128 (0.8 %) of the true value.
/// </summary>
public sealed class LatencyHistogram
{
    private const int ExactBits = 8;
    private const int ExactCount = 1 << ExactBits;
    private const int BucketsPerOctave = ExactCount / 2;
    private const int Octaves = 32;

    /// <summary>Number of buckets: enough for latencies up to about 12 days.</summary>
    public const int BucketCount = ExactCount + Octaves * BucketsPerOctave;

    /// <summary>Largest value that lands in its own bucket; larger values are clamped to it.</summary>
    public const long MaxTrackableMicros = (1L << (ExactBits + Octaves)) - 1;

    private readonly long[] _counts = new long[BucketCount];

    public long Count { get; private set; }

    public long SumMicros { get; private set; }

    public long MinMicros { get; private set; } = long.MaxValue;

    public long MaxMicros { get; private set; }

    public double MeanMicros => Count == 0 ? 0 : (double)SumMicros / Count;

    public void Record(long micros)
    {
        var value = Math.Clamp(micros, 0, MaxTrackableMicros);
        _counts[BucketIndex(value)]++;
        Count++;
        SumMicros += value;
        if (value < MinMicros)
        {
            MinMicros = value;
        }

        if (value > MaxMicros)
        {
            MaxMicros = value;
        }
    }

    public void Merge(LatencyHistogram other)
    {
        if (other.Count == 0)
        {
            return;
        }

        for (var i = 0; i < BucketCount; i++)
        {
            _counts[i] += other._counts[i];
        }

        Count += other.Count;
        SumMicros += other.SumMicros;
        MinMicros = Math.Min(MinMicros, other.MinMicros);
        MaxMicros = Math.Max(MaxMicros, other.MaxMicros);
    }

    /// <summary>
    /// The value at quantile <paramref name="quantile"/> (0..1) by the nearest-rank rule,
    /// reported as the middle of its bucket and clamped to the observed min/max, so a run whose
    /// samples are all equal reports that exact value.
    /// </summary>
    public double PercentileMicros(double quantile)
    {
        if (Count == 0)
        {
            return 0;
        }

        var rank = (long)Math.Ceiling(Math.Clamp(quantile, 0, 1) * Count);
        rank = Math.Clamp(rank, 1, Count);
        long seen = 0;
        for (var i = 0; i < BucketCount; i++)
        {
            seen += _counts[i];
            if (seen >= rank)
            {
                var (low, high) = BucketBounds(i);
                // Whole microseconds keep the millisecond figures at three exact decimals.
                var middle = low + (high - low) / 2;
                return Math.Clamp(middle, MinMicros, MaxMicros);
            }
        }

        return MaxMicros;
    }

    public static int BucketIndex(long micros)
    {
        if (micros < ExactCount)
        {
            return (int)micros;
        }

        // Keep the top ExactBits bits: the mantissa lands in [128, 255] and the shift says
        // which octave the value belongs to.
        var highestBit = 63 - BitOperations.LeadingZeroCount((ulong)micros);
        var shift = highestBit - (ExactBits - 1);
        var mantissa = micros >> shift;
        return ExactCount + (shift - 1) * BucketsPerOctave + (int)(mantissa - BucketsPerOctave);
    }

    /// <summary>Inclusive range of microsecond values that map to bucket <paramref name="index"/>.</summary>
    public static (long Low, long High) BucketBounds(int index)
    {
        if (index < ExactCount)
        {
            return (index, index);
        }

        var relative = index - ExactCount;
        var shift = relative / BucketsPerOctave + 1;
        long mantissa = relative % BucketsPerOctave + BucketsPerOctave;
        return (mantissa << shift, ((mantissa + 1) << shift) - 1);
    }
}
