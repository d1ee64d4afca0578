using Coffer.Cli.Api;
using Coffer.Cli.Flags;
using Coffer.Cli.Output;

namespace Coffer.Cli.Commands;

/// <summary>`coffer write [-f] PATH [K=V...]`: PUT a JSON object built from the data arguments.</summary>
internal sealed class WriteCommand : ICliCommand
{
    private static readonly CommandHelp Help = new(
        "coffer write [options] PATH [DATA K=V...]",
        "Writes data to the given path. Data is given as K=V pairs; a value of @file reads the value from a " +
        "file and - reads it from stdin. A lone - reads a whole JSON object from stdin. Paths that take no " +
        "data need -force.");

    public string Name => "write";

    public string Synopsis => "Write data, configuration, and secrets";

    public async Task<int> RunAsync(IReadOnlyList<string> args, CliContext context)
    {
        var flags = new FlagSet();
        var globals = GlobalFlags.AddTo(flags);
        var force = flags.AddBool("force", "Allow the write without any data, for paths that need none.", "f");
        var invocation = CommandInvocation.Parse(context, Help, flags, globals, args, out var exitCode, minArguments: 1);
        if (invocation is null)
        {
            return exitCode;
        }

        if (invocation.Arguments.Count == 1 && !force.Value)
        {
            return invocation.FailLocal("Must supply data or use -force");
        }

        var path = ApiPath.Sanitize(invocation.Arguments[0]);
        if (invocation.ParseDataOrReport(1, data => data) is not { } data)
        {
            return ExitCodes.LocalError;
        }

        return await invocation.CallApiAsync(
            client => client.WriteAsync(path, data),
            $"Error writing data to {path}",
            secret => Print(invocation.Output, secret, path));
    }

    private static int Print(OutputPrinter output, Secret? secret, string path)
    {
        if (secret is not null)
        {
            return output.PrintSecret(secret);
        }

        // Nothing came back; only the human format gets a confirmation, so JSON consumers see no output.
        if (output.Options.IsTable)
        {
            output.PrintLine($"Success! Data written to: {path}");
        }

        return ExitCodes.Success;
    }
}
