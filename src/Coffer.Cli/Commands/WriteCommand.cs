using System.Text.Json.Nodes;
using Coffer.Cli.Api;
using Coffer.Cli.Flags;
using Coffer.Cli.Input;

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
        var invocation = CommandInvocation.Parse(context, Help, flags, globals, args, out var exitCode);
        if (invocation is null)
        {
            return exitCode;
        }

        if (!invocation.ExpectArguments(1, int.MaxValue))
        {
            return ExitCodes.LocalError;
        }

        if (invocation.Arguments.Count == 1 && !force.Value)
        {
            invocation.Output.PrintError("Must supply data or use -force");
            return ExitCodes.LocalError;
        }

        var path = ApiPath.Sanitize(invocation.Arguments[0]);
        JsonObject data;
        try
        {
            data = DataArguments.Parse(invocation.Arguments.Skip(1), context.In);
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
            secret = await client.WriteAsync(path, data);
        }
        catch (ApiRequestException error)
        {
            invocation.Output.PrintError($"Error writing data to {path}: {error.Message}");
            return ExitCodes.RemoteError;
        }

        if (secret is null)
        {
            // Nothing came back; only the human format gets a confirmation, so JSON consumers see no output.
            if (invocation.Output.Options.IsTable)
            {
                invocation.Output.PrintLine($"Success! Data written to: {path}");
            }

            return ExitCodes.Success;
        }

        return invocation.Output.PrintSecret(secret);
    }
}
