using System.Collections;
using Coffer.Cli.Commands;

namespace Coffer.Cli;

/// <summary>
/// Entry point of the `coffer` CLI with every outside dependency passed in (streams, environment,
/// terminal detection), so tests run the real command paths in-process.
/// </summary>
internal static class CliApp
{
    /// <param name="environment">Variables as returned by <see cref="Environment.GetEnvironmentVariables()"/>.</param>
    /// <param name="terminal">Which streams are terminals; defaults to none, as under a pipe.</param>
    /// <returns>The process exit code; see <see cref="ExitCodes"/>.</returns>
    public static async Task<int> RunAsync(
        string[] args,
        TextReader stdin,
        TextWriter stdout,
        TextWriter stderr,
        IDictionary environment,
        TerminalInfo? terminal = null)
    {
        var context = new CliContext(stdin, stdout, stderr, new CliEnvironment(environment), terminal ?? TerminalInfo.Redirected);
        var dispatcher = new CommandDispatcher(CommandRegistry.All, CommandRegistry.GroupSynopses);
        try
        {
            return await dispatcher.DispatchAsync(args, context);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            // Local failures no command anticipated (unwritable stdout, console gone): report, don't crash with a trace.
            stderr.WriteLine($"Error: {error.Message}");
            return ExitCodes.LocalError;
        }
        finally
        {
            stdout.Flush();
            stderr.Flush();
        }
    }
}
