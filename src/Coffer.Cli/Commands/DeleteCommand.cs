using Coffer.Cli.Api;
using Coffer.Cli.Flags;
using Coffer.Cli.Input;

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
            secret = await client.DeleteAsync(path, query);
        }
        catch (ApiRequestException error)
        {
            invocation.Output.PrintError($"Error deleting {path}: {error.Message}");
            return ExitCodes.RemoteError;
        }

        if (invocation.Output.Options.IsTable)
        {
            invocation.Output.PrintLine($"Success! Data deleted (if it existed) at: {path}");
        }

        if (secret is not null)
        {
            return invocation.Output.PrintSecret(secret);
        }

        if (!invocation.Output.Options.IsTable && invocation.Output.Options.Field is null)
        {
            // vault prints the (absent) response as JSON null, so "-format=json" always yields valid JSON.
            invocation.Output.PrintJson(null);
        }

        return ExitCodes.Success;
    }
}
