using System.Text.Json.Nodes;
using Coffer.Bench.Replication;

namespace Coffer.Bench.SelfTest;

/// <summary>Checks of what the replication benchmark reads: Prometheus text, apply-lag deltas, DR status fields.</summary>
public static class ReplicationChecks
{
    private static string Exposition(long b10, long b50, long inf, double sum) => $$"""
        # TYPE vault_replication_apply_lag_ms_bucket counter
        vault_replication_apply_lag_ms_bucket{le="10"} {{b10}}
        vault_replication_apply_lag_ms_bucket{le="50"} {{b50}}
        vault_replication_apply_lag_ms_bucket{le="+Inf"} {{inf}}
        # TYPE vault_replication_apply_lag_ms_count counter
        vault_replication_apply_lag_ms_count {{inf}}
        vault_replication_apply_lag_ms_sum {{sum.ToString(System.Globalization.CultureInfo.InvariantCulture)}}
        vault_replication_merkleSync_sum 1.5
        """;

    public static void Register(SelfCheck check)
    {
        check.Run("repl: apply-lag quantiles come from the bucket deltas between two scrapes", () =>
        {
            var before = PrometheusSamples.Parse(Exposition(5, 5, 5, 20));
            // 100 new samples: 90 within 10 ms, 9 within 50 ms, 1 beyond.
            var after = PrometheusSamples.Parse(Exposition(95, 104, 105, 620));
            var delta = LagHistogramDelta.Between(before, after);
            SelfCheck.Equal(100.0, delta.Count, "count");
            SelfCheck.Equal(6.0, delta.MeanMs, "mean");
            SelfCheck.Equal(10.0, delta.Quantile(0.50), "p50");
            SelfCheck.Equal(10.0, delta.Quantile(0.90), "p90");
            SelfCheck.Equal(50.0, delta.Quantile(0.99), "p99");
            SelfCheck.Equal(double.PositiveInfinity, delta.Quantile(1.0), "max");
            SelfCheck.Equal(1.5, after.Get("vault_replication_merkleSync_sum"), "plain sample");
        });

        check.Run("repl: no samples in the period gives no quantile; a missing histogram is an error", () =>
        {
            var same = PrometheusSamples.Parse(Exposition(5, 5, 5, 20));
            SelfCheck.Equal(null, LagHistogramDelta.Between(same, same).Quantile(0.99), "empty p99");
            SelfCheck.Throws<InvalidOperationException>(
                () => LagHistogramDelta.Between(same, PrometheusSamples.Parse("vault_core_unsealed 1\n")), "missing histogram");
        });

        check.Run("repl: DR status fields, numbers as strings inside secondaries[]", () =>
        {
            var primary = new DrStatus(JsonNode.Parse("""
                {"mode":"primary","state":"running","merkle_root":"ab","last_wal":42,
                 "secondaries":[{"lag_entries":"3"},{"lag_entries":"17"}]}
                """)!.AsObject());
            SelfCheck.Equal(17L, primary.MaxLagEntries, "max lag entries");
            SelfCheck.Equal(42L, primary.LastWal, "last wal");
            var secondary = new DrStatus(JsonNode.Parse("""{"mode":"secondary","state":"stream-wals","merkle_root":"ab","last_remote_wal":40}""")!.AsObject());
            SelfCheck.True(secondary.IsStreamingWith(primary), "in sync");
            var behind = new DrStatus(JsonNode.Parse("""{"mode":"secondary","state":"merkle-sync","merkle_root":"ab"}""")!.AsObject());
            SelfCheck.True(!behind.IsStreamingWith(primary), "not streaming");
        });
    }
}
