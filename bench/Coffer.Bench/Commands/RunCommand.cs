using System.Security.Cryptography.X509Certificates;
using Coffer.Bench.Cli;
using Coffer.Bench.Load;
using Coffer.Bench.Metrics;
using Coffer.Bench.Output;
using Coffer.Bench.Workloads;

namespace Coffer.Bench.Commands;

/// <summary>
/// <c>run</c>: sets up every requested test first (so a dead or misconfigured server fails in
/// seconds, before any timed run), then runs them one after another and reports.
/// Results go to stdout, progress and diagnostics to stderr.
/// </summary>
public static class RunCommand
{
    public static async Task<int> ExecuteAsync(IReadOnlyList<string> args)
    {
        var flags = RunOptions.CreateFlagSet(out var build);
        if (FlagSet.IsHelpRequest(args))
        {
            flags.WriteUsage(Console.Out);
            return ExitCodes.Ok;
        }

        RunOptions options;
        try
        {
            var positional = flags.Parse(args);
            if (positional.Count > 0)
            {
                throw new FlagException($"unexpected argument \"{positional[0]}\"");
            }

            options = build();
        }
        catch (FlagException ex)
        {
            Console.Error.WriteLine($"error: {ex.Message}");
            flags.WriteUsage(Console.Error);
            return ExitCodes.Usage;
        }

        X509Certificate2Collection? cas = null;
        if (options.CaCertFile is not null)
        {
            try
            {
                cas = BenchHttpClient.LoadCaCertificates(options.CaCertFile);
            }
            catch (InvalidDataException ex)
            {
                Console.Error.WriteLine($"error: {ex.Message}");
                return ExitCodes.Failure;
            }
        }

        var log = Console.Error;
        var tests = options.Tests.Select(name => TestCatalog.Create(name, options.Workload)).ToList();
        var clients = new List<HttpClient>();
        try
        {
            foreach (var test in tests)
            {
                var client = BenchHttpClient.Create(options.Workers, options.Token, cas);
                clients.Add(client);
                try
                {
                    await test.SetupAsync(new SetupContext(client, Math.Clamp(options.Workers, 1, 16), log), CancellationToken.None);
                }
                catch (SetupException ex)
                {
                    log.WriteLine($"error: setup for {test.Name} against {test.Target.GetLeftPart(UriPartial.Authority)} failed: {ex.Message}");
                    return ExitCodes.Failure;
                }
                catch (Exception ex) when (ex is HttpRequestException or InvalidOperationException or IOException)
                {
                    // Anything setup did not anticipate still ends with a message, not a stack trace.
                    log.WriteLine($"error: setup for {test.Name} failed unexpectedly: {ex.GetType().Name}: {SetupRequests.Innermost(ex)}");
                    return ExitCodes.Failure;
                }
            }

            var results = new List<TestResult>();
            var runner = new LoadRunner(options.Workers, options.Warmup, options.Duration);
            for (var i = 0; i < tests.Count; i++)
            {
                log.WriteLine($"[{tests[i].Name}] running: {options.Workers} workers, warm-up {GoDuration.Format(options.Warmup)}, measured {GoDuration.Format(options.Duration)}");
                var result = await runner.RunAsync(tests[i], clients[i]);

                // Close this test's connections so they do not linger on the server during the next test.
                clients[i].Dispose();
                foreach (var line in ResultReport.FailureSummary(result))
                {
                    log.WriteLine(line);
                }

                results.Add(result);
            }

            return Report(options, ResultReport.WithBaselineRatios(results));
        }
        finally
        {
            foreach (var client in clients)
            {
                client.Dispose();
            }
        }
    }

    private static int Report(RunOptions options, IReadOnlyList<TestResult> results)
    {
        var formatted = options.Format == "json" ? ResultReport.Json(results) : ResultReport.Table(results);
        Console.Out.Write(formatted);
        foreach (var result in results)
        {
            Console.Out.WriteLine(ResultReport.BenchLine(result));
        }

        if (options.OutFile is not null)
        {
            try
            {
                File.WriteAllText(options.OutFile, formatted);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"error: cannot write {options.OutFile}: {ex.Message}");
                return ExitCodes.Failure;
            }
        }

        return ExitCodes.Ok;
    }
}
