using Coffer.Bench.Commands;

namespace Coffer.Bench;

public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Length == 0 || args[0] is "help" or "-h" or "-help" or "--help")
        {
            PrintUsage(args.Length == 0 ? Console.Error : Console.Out);
            return args.Length == 0 ? ExitCodes.Usage : ExitCodes.Ok;
        }

        var rest = args[1..];
        switch (args[0])
        {
            case "run":
                return await RunCommand.ExecuteAsync(rest);
            case "baseline-server":
                return await BaselineServerCommand.ExecuteAsync(rest);
            case "repl":
                return await Replication.ReplCommand.ExecuteAsync(rest);
            case "selftest":
                return SelfTestCommand.Execute();
            default:
                Console.Error.WriteLine($"error: unknown command \"{args[0]}\"");
                PrintUsage(Console.Error);
                return ExitCodes.Usage;
        }
    }

    private static void PrintUsage(TextWriter writer)
    {
        writer.WriteLine("Usage: Coffer.Bench <command> [-flag=value ...]");
        writer.WriteLine();
        writer.WriteLine("Commands:");
        writer.WriteLine("  run              benchmark a Vault-API server (see 'run -help' for flags)");
        writer.WriteLine("  baseline-server  bare Kestrel endpoint used as the ceiling to compare against");
        writer.WriteLine("  repl             DR replication steps: fill, write-rate, bootstrap, catch-up, promote (bench/replication.sh)");
        writer.WriteLine("  selftest         check the histogram and flag parsing; non-zero exit on failure");
        writer.WriteLine();
        writer.WriteLine("See bench/README.md.");
    }
}
