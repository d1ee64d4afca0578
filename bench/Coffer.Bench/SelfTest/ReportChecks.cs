using Coffer.Bench.Metrics;
using Coffer.Bench.Output;

namespace Coffer.Bench.SelfTest;

/// <summary>Checks of the derived columns and the machine-readable line format.</summary>
public static class ReportChecks
{
    public static void Register(SelfCheck check)
    {
        check.Run("report: rate, throughput, success ratio, ratio to baseline", () =>
        {
            var empty = new Dictionary<string, long>();
            var results = ResultReport.WithBaselineRatios(
            [
                new TestResult("baseline", 32, TimeSpan.FromSeconds(10), 200_000, 200_000, 1.5, 3, 4, empty),
                new TestResult("kv_read", 32, TimeSpan.FromSeconds(10), 50_000, 45_000, 6, 12, 20, empty),
            ]);
            var kv = results[1];
            SelfCheck.Equal(5000.0, kv.Rate, "rate");
            SelfCheck.Equal(4500.0, kv.Throughput, "throughput");
            SelfCheck.Equal(0.9, kv.SuccessRatio, "success ratio");
            SelfCheck.Equal(0.25, kv.RatioToBaseline, "ratio");
            SelfCheck.Equal(1.0, results[0].RatioToBaseline, "baseline ratio");
            SelfCheck.Equal(
                "BENCH test=kv_read count=50000 rate=5000.0 mean_ms=6.000 p95_ms=12.000 p99_ms=20.000 success_ratio=0.9000 ratio_to_baseline=0.2500",
                ResultReport.BenchLine(kv),
                "BENCH line");
            SelfCheck.True(ResultReport.Json(results).Contains("\"ratio_to_baseline\": 0.25", StringComparison.Ordinal), "json ratio");
            SelfCheck.True(ResultReport.Table(results).StartsWith("op ", StringComparison.Ordinal), "table header");
        });

        check.Run("report: no ratio without a baseline, zero counts are safe", () =>
        {
            var results = ResultReport.WithBaselineRatios(
                [new TestResult("kv_write", 1, TimeSpan.FromSeconds(1), 0, 0, 0, 0, 0, new Dictionary<string, long>())]);
            SelfCheck.Equal(null, results[0].RatioToBaseline, "ratio");
            SelfCheck.Equal(0.0, results[0].SuccessRatio, "success ratio");
            SelfCheck.True(!ResultReport.BenchLine(results[0]).Contains("ratio_to_baseline", StringComparison.Ordinal), "no ratio field");
        });
    }
}
