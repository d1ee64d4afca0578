using System.Globalization;
using System.Text;
using System.Text.Json;
using Coffer.Bench.Metrics;

namespace Coffer.Bench.Output;

/// <summary>
/// Renders results in vault-benchmark's shape: a table (op, count, rate, throughput, mean,
/// 95th%, 99th%, successRatio), a JSON array with the same fields, and one
/// <c>BENCH key=value</c> line per test for scripts that grep the output.
/// </summary>
public static class ResultReport
{
    public const string BaselineTestName = "baseline";

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>Adds each test's rate relative to the baseline test, when one ran and answered.</summary>
    public static IReadOnlyList<TestResult> WithBaselineRatios(IReadOnlyList<TestResult> results)
    {
        var baseline = results.FirstOrDefault(r => r.Name == BaselineTestName);
        if (baseline is null || baseline.Rate <= 0 || results.Count < 2)
        {
            return results;
        }

        return results.Select(r => r with { RatioToBaseline = r.Rate / baseline.Rate }).ToList();
    }

    public static string Table(IReadOnlyList<TestResult> results)
    {
        var withRatio = results.Any(r => r.RatioToBaseline.HasValue);
        var header = new List<string> { "op", "count", "rate", "throughput", "mean", "95th%", "99th%", "successRatio" };
        if (withRatio)
        {
            header.Add("vsBaseline");
        }

        var rows = new List<IReadOnlyList<string>> { header };
        foreach (var r in results)
        {
            var row = new List<string>
            {
                r.Name,
                r.Count.ToString(Invariant),
                r.Rate.ToString("F1", Invariant),
                r.Throughput.ToString("F1", Invariant),
                Ms(r.MeanMs),
                Ms(r.P95Ms),
                Ms(r.P99Ms),
                (r.SuccessRatio * 100).ToString("F2", Invariant) + "%",
            };
            if (withRatio)
            {
                row.Add(r.RatioToBaseline.HasValue ? r.RatioToBaseline.Value.ToString("F3", Invariant) : "-");
            }

            rows.Add(row);
        }

        var widths = Enumerable.Range(0, header.Count).Select(c => rows.Max(row => row[c].Length)).ToArray();
        var text = new StringBuilder();
        foreach (var row in rows)
        {
            text.AppendLine(string.Join("  ", row.Select((cell, c) => cell.PadRight(widths[c]))).TrimEnd());
        }

        return text.ToString();
    }

    public static string Json(IReadOnlyList<TestResult> results)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartArray();
            foreach (var r in results)
            {
                w.WriteStartObject();
                w.WriteString("op", r.Name);
                w.WriteNumber("count", r.Count);
                w.WriteNumber("rate", Round(r.Rate, 2));
                w.WriteNumber("throughput", Round(r.Throughput, 2));
                w.WriteNumber("mean_ms", Round(r.MeanMs, 3));
                w.WriteNumber("p95_ms", Round(r.P95Ms, 3));
                w.WriteNumber("p99_ms", Round(r.P99Ms, 3));
                w.WriteNumber("success_ratio", Round(r.SuccessRatio, 4));
                if (r.RatioToBaseline.HasValue)
                {
                    w.WriteNumber("ratio_to_baseline", Round(r.RatioToBaseline.Value, 4));
                }

                w.WriteNumber("workers", r.Workers);
                w.WriteNumber("duration_s", Round(r.Elapsed.TotalSeconds, 3));
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + Environment.NewLine;
    }

    /// <summary>One <c>BENCH test=... key=value ...</c> line; stable field order for grep/awk.</summary>
    public static string BenchLine(TestResult r)
    {
        var line = string.Create(Invariant,
            $"BENCH test={r.Name} count={r.Count} rate={r.Rate:F1} mean_ms={r.MeanMs:F3} p95_ms={r.P95Ms:F3} p99_ms={r.P99Ms:F3} success_ratio={r.SuccessRatio:F4}");
        return r.RatioToBaseline.HasValue
            ? line + string.Create(Invariant, $" ratio_to_baseline={r.RatioToBaseline.Value:F4}")
            : line;
    }

    /// <summary>Failure reasons, most frequent first, so a bad run explains itself.</summary>
    public static IEnumerable<string> FailureSummary(TestResult r) =>
        r.FailureReasons
            .OrderByDescending(kv => kv.Value)
            .Take(5)
            .Select(kv => string.Create(Invariant, $"{r.Name}: {kv.Value} failed: {kv.Key}"));

    private static string Ms(double ms) => ms.ToString("F3", Invariant) + "ms";

    /// <summary>Rounds exactly as the "F" format of the table and BENCH lines does, so all outputs agree.</summary>
    private static double Round(double value, int digits) =>
        double.Parse(value.ToString("F" + digits.ToString(Invariant), Invariant), Invariant);
}
