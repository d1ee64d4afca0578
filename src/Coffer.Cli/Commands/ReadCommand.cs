using Coffer.Cli.Api;
using Coffer.Cli.Flags;
using Coffer.Cli.Input;

namespace Coffer.Cli.Commands;

/// <summary>`coffer read PATH [K=V...]`: GET a path; K=V pairs become query parameters.</summary>
internal sealed class ReadCommand : ICliCommand
{
    private static readonly CommandHelp Help = new(
        "coffer read [options] PATH [K=V...]",
        "Reads data from the given path: secrets, generated credentials, configuration. Extra K=V " +
        "arguments are sent as query parameters. A path with nothing at it exits with code 2.");

    public string Name => "read";

    public string Synopsis => "Read data and retrieve secrets";

    public async Task<int> RunAsync(IReadOnlyList<string> args, CliContext context)
    {
        var flags = new FlagSet();
        var globals = GlobalFlags.AddTo(flags);
        var invocation = CommandInvocation.Parse(context, Help, flags, globals, args, out var exitCode, minArguments: 1);
        if (invocation is null)
        {
            return exitCode;
        }

        var path = ApiPath.Sanitize(invocation.Arguments[0]);
        if (invocation.ParseDataOrReport(1, DataArguments.ToQuery) is not { } query)
        {
            return ExitCodes.LocalError;
        }

        return await invocation.CallApiAsync(
            client => client.ReadAsync(path, query),
            $"Error reading {path}",
            secret => secret is null ? invocation.FailRemote($"No value found at {path}") : invocation.Output.PrintSecret(secret));
    }
}
