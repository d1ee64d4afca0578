using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Coffer.Bench.Cli;
using Coffer.Bench.Commands;
using Coffer.Bench.Load;

namespace Coffer.Bench.Replication;

/// <summary>
/// <c>repl</c>: the timed steps of the DR replication benchmark (bench/replication.sh starts, stops and wires the
/// servers). Each step prints one <c>REPL phase=… key=value …</c> line on stdout; progress goes to stderr.
/// </summary>
public static class ReplCommand
{
    private static readonly string[] Subcommands = ["fill", "write-rate", "bootstrap", "catch-up", "promote"];
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(50);

    public static async Task<int> ExecuteAsync(IReadOnlyList<string> args)
    {
        if (args.Count == 0 || !Subcommands.Contains(args[0]))
        {
            Console.Error.WriteLine($"usage: Coffer.Bench repl <{string.Join('|', Subcommands)}> [-flag=value ...] (-help lists the flags)");
            return ExitCodes.Usage;
        }
        var options = new ReplOptions(args[0]);
        var rest = args.Skip(1).ToList();
        if (FlagSet.IsHelpRequest(rest))
        {
            options.Flags.WriteUsage(Console.Out);
            return ExitCodes.Ok;
        }
        try
        {
            var positional = options.Flags.Parse(rest);
            if (positional.Count > 0)
            {
                throw new FlagException($"unexpected argument \"{positional[0]}\"");
            }
            return args[0] switch
            {
                "fill" => await FillAsync(options),
                "write-rate" => await WriteRateAsync(options),
                "bootstrap" => await BootstrapAsync(options),
                "catch-up" => await CatchUpAsync(options),
                _ => await PromoteAsync(options),
            };
        }
        catch (FlagException ex)
        {
            Console.Error.WriteLine($"error: {ex.Message}");
            return ExitCodes.Usage;
        }
        catch (Exception ex) when (ex is InvalidOperationException or HttpRequestException or TimeoutException)
        {
            Console.Error.WriteLine($"error: repl {args[0]}: {ex.Message}");
            return ExitCodes.Failure;
        }
    }

    /// <summary>Loads <c>-count</c> secrets of <c>-payload</c> bytes into <c>-secondary</c> (any server), untimed.</summary>
    private static async Task<int> FillAsync(ReplOptions options)
    {
        var server = options.Secondary;
        using var client = BenchHttpClient.Create(options.Workers.Value, options.Token, null);
        var cpu = options.Cpu;
        var cpuBefore = cpu.Sample();
        Console.Error.WriteLine($"[fill] writing {options.Count.Value} secrets of {options.Payload.Value} B to {server} with {options.Workers.Value} workers");
        var (written, elapsed) = await BulkLoader.LoadAsync(client, options.KvWrite(server, options.Count.Value), options.Count.Value,
            options.Workers.Value, CancellationToken.None);
        Report("fill", [("count", Int(written)), ("payload_bytes", Int(options.Payload.Value)), ("elapsed_ms", Ms(elapsed)),
            ("rate", Num(written / elapsed.TotalSeconds)), .. ProcessCpu.Used(cpuBefore, cpu.Sample())]);
        return ExitCodes.Ok;
    }

    /// <summary>
    /// Offers <c>-rate</c> KV writes per second to the primary for <c>-duration</c>, then waits until the secondary
    /// applied everything, and reports the apply lag the secondary measured meanwhile (delta of two scrapes) and the
    /// largest <c>lag_entries</c> the primary reported.
    /// </summary>
    private static async Task<int> WriteRateAsync(ReplOptions options)
    {
        using var primary = new ReplApi(options.Primary);
        using var secondary = new ReplApi(options.Secondary);
        var rate = options.Rate.Value;
        using var client = BenchHttpClient.Create(Math.Min(options.MaxInFlight.Value, 64), options.Token, null);

        // One write before the clock starts: the connection and the server's JIT are warm for the first due request.
        var (warmUri, warmBody) = options.KvWrite(options.Primary, options.Keys.Value)(0);
        using (var warm = Workloads.JsonBodies.Request(HttpMethod.Post, warmUri, warmBody))
        {
            (await client.SendAsync(warm)).Dispose();
        }
        var before = await secondary.ScrapeAsync();
        var cpu = options.Cpu;
        var cpuBefore = cpu.Sample();

        using var stopPolling = new CancellationTokenSource();
        long maxLagEntries = 0;
        var polls = 0;
        var poller = Task.Run(async () =>
        {
            while (!stopPolling.IsCancellationRequested)
            {
                if (await primary.DrStatusAsync() is { } status)
                {
                    maxLagEntries = Math.Max(maxLagEntries, status.MaxLagEntries);
                    polls++;
                }
                try
                {
                    await Task.Delay(100, stopPolling.Token);
                }
                catch (OperationCanceledException)
                {
                }
            }
        });

        Console.Error.WriteLine($"[write-rate] {rate} writes/s to {options.Primary} for {GoDuration.Format(options.Duration.Value)}");
        var writer = new OpenLoopWriter(client, rate, options.Duration.Value, options.MaxInFlight.Value);
        var result = await writer.RunAsync(options.KvWrite(options.Primary, options.Keys.Value), CancellationToken.None);

        // Everything written must be applied before the second scrape, or the slowest records would be missing.
        var target = (await primary.DrStatusAsync())?.LastWal ?? 0;
        var drainStart = Stopwatch.GetTimestamp();
        while ((await secondary.DrStatusAsync())?.LastRemoteWal < target && Stopwatch.GetElapsedTime(drainStart) < options.Timeout.Value)
        {
            await Task.Delay(Poll);
        }
        var drained = Stopwatch.GetElapsedTime(drainStart);
        await stopPolling.CancelAsync();
        await poller;
        var after = await secondary.ScrapeAsync();
        var cpuAfter = cpu.Sample();
        var lag = LagHistogramDelta.Between(before, after);

        var stats = result.Stats;
        foreach (var (reason, count) in stats.FailureReasons.OrderByDescending(r => r.Value).Take(3))
        {
            Console.Error.WriteLine($"[write-rate] {count} writes failed: {reason}");
        }
        Report("lag", [
            ("target_rate", Int(rate)),
            ("achieved_rate", Num(result.AchievedRate)),
            ("writes_ok", Int(stats.Successes)),
            ("writes_failed", Int(stats.Failures)),
            ("skipped", Int(result.Skipped)),
            ("write_p50_ms", Num(stats.Latency.PercentileMicros(0.50) / 1000)),
            ("write_p99_ms", Num(stats.Latency.PercentileMicros(0.99) / 1000)),
            ("applied", Int((long)lag.Count)),
            ("lag_p50_ms", Bound(lag.Quantile(0.50))),
            ("lag_p99_ms", Bound(lag.Quantile(0.99))),
            ("lag_max_bucket_ms", Bound(lag.Quantile(1.0))),
            ("lag_mean_ms", Num(lag.MeanMs)),
            ("max_lag_entries", Int(maxLagEntries)),
            ("status_polls", Int(polls)),
            ("drain_ms", Ms(drained)),
            .. ProcessCpu.Used(cpuBefore, cpuAfter),
        ]);
        return ExitCodes.Ok;
    }

    /// <summary>Times <c>dr/secondary/enable</c> on the secondary until it streams with the primary's merkle root.</summary>
    private static async Task<int> BootstrapAsync(ReplOptions options)
    {
        using var primary = new ReplApi(options.Primary);
        using var secondary = new ReplApi(options.Secondary, options.SecondaryToken);
        using var secondaryStatus = new ReplApi(options.Secondary);
        var watcher = new SyncWatcher(primary, secondaryStatus, Poll);
        var cpu = options.Cpu;
        var cpuBefore = cpu.Sample();
        Console.Error.WriteLine($"[bootstrap] enabling {options.Secondary} as a DR secondary of {options.Primary}");
        var start = Stopwatch.GetTimestamp();
        await secondary.EnsureOkAsync(HttpMethod.Post, "sys/replication/dr/secondary/enable",
            new JsonObject { ["token"] = options.ActivationToken }, "activating the secondary");
        var enabled = Stopwatch.GetElapsedTime(start);
        var cpuEnabled = cpu.Sample();
        var inSync = await watcher.WaitInSyncAsync(start, options.Timeout.Value, CancellationToken.None)
                     ?? throw new TimeoutException($"the secondary was not in sync {options.Timeout.Value.TotalSeconds:0} s after enable ({string.Join(' ', watcher.Transitions)})");
        Report("bootstrap", [
            ("enable_call_ms", Ms(enabled)),
            ("in_sync_ms", Ms(inSync)),
            ("states", string.Join(',', watcher.Transitions)),
            .. ProcessCpu.Used(cpuBefore, cpuEnabled).Select(p => (p.Key.Replace("cpu_", "enable_cpu_"), p.Value)),
            .. ProcessCpu.Used(cpuBefore, cpu.Sample()),
        ]);
        return ExitCodes.Ok;
    }

    /// <summary>
    /// The secondary's process was just started (sealed, behind the primary): waits for its listener, unseals it and
    /// times until it streams with the primary's merkle root; reports its merkle diff/sync durations from metrics.
    /// </summary>
    private static async Task<int> CatchUpAsync(ReplOptions options)
    {
        using var primary = new ReplApi(options.Primary);
        using var secondary = new ReplApi(options.Secondary);
        var watcher = new SyncWatcher(primary, secondary, Poll);
        var cpu = options.Cpu;
        var start = Stopwatch.GetTimestamp();
        while ((await secondary.SendAsync(HttpMethod.Get, "sys/seal-status")).Status != 200)
        {
            if (Stopwatch.GetElapsedTime(start) > options.Timeout.Value)
            {
                throw new TimeoutException($"{options.Secondary} never answered sys/seal-status");
            }
            await Task.Delay(20);
        }
        var listening = Stopwatch.GetElapsedTime(start);
        var cpuBefore = cpu.Sample();
        var unsealStart = Stopwatch.GetTimestamp();
        await secondary.EnsureOkAsync(HttpMethod.Put, "sys/unseal", new JsonObject { ["key"] = options.UnsealKey }, "unsealing the secondary");
        var unsealed = Stopwatch.GetElapsedTime(unsealStart);
        var inSync = await watcher.WaitInSyncAsync(unsealStart, options.Timeout.Value, CancellationToken.None)
                     ?? throw new TimeoutException($"the secondary was not in sync {options.Timeout.Value.TotalSeconds:0} s after unseal ({string.Join(' ', watcher.Transitions)})");
        var cpuAfter = cpu.Sample();
        var metrics = await secondary.ScrapeAsync();
        Report("catch-up", [
            ("listening_ms", Ms(listening)),
            ("unseal_call_ms", Ms(unsealed)),
            ("in_sync_after_unseal_ms", Ms(inSync)),
            ("states", string.Join(',', watcher.Transitions)),
            ("merkle_diff_s", Num(metrics.Get("vault_replication_merkleDiff_sum") ?? double.NaN)),
            ("merkle_sync_s", Num(metrics.Get("vault_replication_merkleSync_sum") ?? double.NaN)),
            ("merkle_sync_keys", Num(metrics.Get("vault_replication_merkleSync_keys") ?? double.NaN)),
            ("differing_buckets", Num(metrics.Get("vault_replication_merkleDiff_differing_buckets") ?? double.NaN)),
            .. ProcessCpu.Used(cpuBefore, cpuAfter),
        ]);
        return ExitCodes.Ok;
    }

    /// <summary>Times the promote call and then until a KV write on the promoted cluster first succeeds.</summary>
    private static async Task<int> PromoteAsync(ReplOptions options)
    {
        using var secondary = new ReplApi(options.Secondary);
        using var client = BenchHttpClient.Create(1, options.Token, null);
        var write = options.KvWrite(options.Secondary, 1)(0);
        Console.Error.WriteLine($"[promote] promoting {options.Secondary}");
        var start = Stopwatch.GetTimestamp();
        await secondary.EnsureOkAsync(HttpMethod.Post, "sys/replication/dr/secondary/promote",
            new JsonObject { ["dr_operation_token"] = options.OperationToken }, "promoting the secondary");
        var promoted = Stopwatch.GetElapsedTime(start);
        var attempts = 0;
        var lastStatus = 0;
        while (true)
        {
            attempts++;
            try
            {
                using var message = Workloads.JsonBodies.Request(HttpMethod.Post, write.Item1, write.Item2);
                using var response = await client.SendAsync(message);
                lastStatus = (int)response.StatusCode;
                if (response.IsSuccessStatusCode)
                {
                    break;
                }
            }
            catch (HttpRequestException)
            {
                lastStatus = 0;
            }
            if (Stopwatch.GetElapsedTime(start) > options.Timeout.Value)
            {
                throw new TimeoutException($"no write succeeded on the promoted cluster within {options.Timeout.Value.TotalSeconds:0} s (last HTTP {lastStatus})");
            }
            await Task.Delay(2);
        }
        var firstWrite = Stopwatch.GetElapsedTime(start);
        Report("promote", [("promote_call_ms", Ms(promoted)), ("first_write_ms", Ms(firstWrite)), ("write_attempts", Int(attempts))]);
        return ExitCodes.Ok;
    }

    private static void Report(string phase, IEnumerable<(string Key, string Value)> pairs) =>
        Console.Out.WriteLine($"REPL phase={phase} " + string.Join(' ', pairs.Select(p => p.Key + "=" + p.Value)));

    private static string Int(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Num(double value) => double.IsNaN(value) ? "n/a" : value.ToString("0.###", CultureInfo.InvariantCulture);

    private static string Ms(TimeSpan elapsed) => elapsed.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture);

    private static string Bound(double? bound) => bound switch
    {
        null => "n/a",
        { } b when double.IsPositiveInfinity(b) => "inf",
        { } b => b.ToString(CultureInfo.InvariantCulture),
    };
}
