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
        var invocation = CommandInvocation.Parse(context, Help, flags, globals, args, out var exitCode);
        if (invocation is null)
        {
            return exitCode;
        }

        if (!invocation.ExpectArguments(1, int.MaxValue))
        {
            return ExitCodes.LocalError;
        }

        var path = ApiPath.Sanitize(invocation.Arguments[0]);
        IReadOnlyList<KeyValuePair<string, string>> query;
        try
        {
            query = DataArguments.ToQuery(DataArguments.Parse(invocation.Arguments.Skip(1), context.In));
        }
        catch (DataArgumentException error)
        {
            invocation.Output.PrintError($"Failed to parse K=V data: {error.Message}");
            return ExitCodes.LocalError;
        }

        using var client = invocation.CreateClientOrReport();
        if (client is null)
        {
            return ExitCodes.RemoteError;
        }

        Secret? secret;
        try
        {
            secret = await client.ReadAsync(path, query);
        }
        catch (ApiRequestException error)
        {
            invocation.Output.PrintError($"Error reading {path}: {error.Message}");
            return ExitCodes.RemoteError;
        }

        if (secret is null)
        {
            invocation.Output.PrintError($"No value found at {path}");
            return ExitCodes.RemoteError;
        }

        return invocation.Output.PrintSecret(secret);
    }
}
