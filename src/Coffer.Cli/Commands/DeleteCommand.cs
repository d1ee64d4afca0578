using Coffer.Cli.Api;
using Coffer.Cli.Flags;
using Coffer.Cli.Input;
using Coffer.Cli.Output;

namespace Coffer.Cli.Commands;

/// <summary>`coffer delete PATH [K=V...]`: DELETE a path; K=V pairs become query parameters.</summary>
internal sealed class DeleteCommand : ICliCommand
{
    private static readonly CommandHelp Help = new(
        "coffer delete [options] PATH [K=V...]",
        "Deletes secrets and configuration at the given path. Succeeds whether or not anything existed there.");

    public string Name => "delete";

    public string Synopsis => "Delete secrets and configuration";

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
            client => client.DeleteAsync(path, query),
            $"Error deleting {path}",
            secret => Print(invocation.Output, secret, path));
    }

    private static int Print(OutputPrinter output, Secret? secret, string path)
    {
        if (output.Options.IsTable)
        {
            output.PrintLine($"Success! Data deleted (if it existed) at: {path}");
        }

        if (secret is not null)
        {
            return output.PrintSecret(secret);
        }

        if (!output.Options.IsTable && output.Options.Field is null)
        {
            // vault prints the (absent) response as JSON null, so "-format=json" always yields valid JSON.
            output.PrintJson(null);
        }

        return ExitCodes.Success;
    }
}
