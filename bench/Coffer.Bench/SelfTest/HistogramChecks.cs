using Coffer.Bench.Metrics;

namespace Coffer.Bench.SelfTest;

/// <summary>Checks of the bucket math and percentile rule the reported numbers rely on.</summary>
public static class HistogramChecks
{
    public static void Register(SelfCheck check)
    {
        check.Run("histogram: every value lies inside its own bucket", () =>
        {
            foreach (var value in SampleValues())
            {
                var index = LatencyHistogram.BucketIndex(value);
                var (low, high) = LatencyHistogram.BucketBounds(index);
                SelfCheck.True(low <= value && value <= high, $"{value} outside bucket {index} [{low}, {high}]");
                SelfCheck.True(index is >= 0 and < LatencyHistogram.BucketCount, $"index {index} out of range for {value}");
            }
        });

        check.Run("histogram: buckets are contiguous and precise to 1/128", () =>
        {
            long expectedLow = 0;
            for (var i = 0; i < LatencyHistogram.BucketCount; i++)
            {
                var (low, high) = LatencyHistogram.BucketBounds(i);
                SelfCheck.Equal(expectedLow, low, $"low bound of bucket {i}");
                SelfCheck.True((double)(high - low) / Math.Max(low, 1) < 1.0 / 128 + 1e-12, $"bucket {i} too wide");
                expectedLow = high + 1;
            }

            SelfCheck.Equal(LatencyHistogram.MaxTrackableMicros + 1, expectedLow, "end of last bucket");
        });

        check.Run("histogram: small values are exact", () =>
        {
            var h = new LatencyHistogram();
            for (var v = 1; v <= 100; v++)
            {
                h.Record(v);
            }

            SelfCheck.Equal(100L, h.Count, "count");
            SelfCheck.Equal(50.5, h.MeanMicros, "mean");
            SelfCheck.Equal(95.0, h.PercentileMicros(0.95), "p95");
            SelfCheck.Equal(99.0, h.PercentileMicros(0.99), "p99");
            SelfCheck.Equal(100.0, h.PercentileMicros(1.0), "p100");
            SelfCheck.Equal(1.0, h.PercentileMicros(0), "p0");
        });

        check.Run("histogram: large values within 1%", () =>
        {
            var h = new LatencyHistogram();
            for (var v = 1; v <= 100_000; v++)
            {
                h.Record(v * 10L);
            }

            SelfCheck.Near(950_000, h.PercentileMicros(0.95), 0.01, "p95");
            SelfCheck.Near(990_000, h.PercentileMicros(0.99), 0.01, "p99");
            SelfCheck.Near(500_005, h.MeanMicros, 1e-12, "mean is exact");
        });

        check.Run("histogram: constant samples report the constant", () =>
        {
            var h = new LatencyHistogram();
            for (var i = 0; i < 1000; i++)
            {
                h.Record(12_345);
            }

            SelfCheck.Equal(12_345.0, h.PercentileMicros(0.99), "p99");
            SelfCheck.Equal(12_345.0, h.PercentileMicros(0.5), "p50");
        });

        check.Run("histogram: merge equals recording into one", () =>
        {
            var single = new LatencyHistogram();
            var parts = new[] { new LatencyHistogram(), new LatencyHistogram(), new LatencyHistogram() };
            var random = new Random(42);
            for (var i = 0; i < 30_000; i++)
            {
                var v = (long)Math.Exp(random.NextDouble() * 14);
                single.Record(v);
                parts[i % 3].Record(v);
            }

            var merged = new LatencyHistogram();
            foreach (var part in parts)
            {
                merged.Merge(part);
            }

            merged.Merge(new LatencyHistogram());
            SelfCheck.Equal(single.Count, merged.Count, "count");
            SelfCheck.Equal(single.SumMicros, merged.SumMicros, "sum");
            SelfCheck.Equal(single.MinMicros, merged.MinMicros, "min");
            SelfCheck.Equal(single.MaxMicros, merged.MaxMicros, "max");
            foreach (var q in new[] { 0.5, 0.95, 0.99, 0.999 })
            {
                SelfCheck.Equal(single.PercentileMicros(q), merged.PercentileMicros(q), $"p{q * 100}");
            }
        });

        check.Run("histogram: empty and out-of-range inputs are safe", () =>
        {
            var h = new LatencyHistogram();
            SelfCheck.Equal(0.0, h.PercentileMicros(0.99), "empty p99");
            SelfCheck.Equal(0.0, h.MeanMicros, "empty mean");
            h.Record(-5);
            h.Record(long.MaxValue);
            SelfCheck.Equal(0L, h.MinMicros, "negative clamps to 0");
            SelfCheck.Equal(LatencyHistogram.MaxTrackableMicros, h.MaxMicros, "huge clamps to max");
        });
    }

    private static IEnumerable<long> SampleValues()
    {
        for (long v = 0; v < 5000; v++)
        {
            yield return v;
        }

        for (var bit = 12; bit < 40; bit++)
        {
            var p = 1L << bit;
            yield return p - 1;
            yield return p;
            yield return p + 1;
            yield return p + p / 3;
        }

        yield return LatencyHistogram.MaxTrackableMicros;
    }
}
