using Coffer.Cli.Api;
using Coffer.Cli.Flags;

namespace Coffer.Cli.Commands.Policy;

/// <summary>`coffer policy delete NAME`: removes a policy; tokens holding it lose its grants at once.</summary>
internal sealed class PolicyDeleteCommand : ICliCommand
{
    private static readonly CommandHelp Help = new(
        "coffer policy delete [options] NAME",
        "Deletes the named policy. Tokens that carry it keep the name but lose its permissions immediately. " +
        "The root and default policies cannot be deleted.");

    public string Name => "policy delete";

    public string Synopsis => "Delete a policy by name";

    public async Task<int> RunAsync(IReadOnlyList<string> args, CliContext context)
    {
        var flags = new FlagSet();
        var globals = GlobalFlags.AddTo(flags);
        var invocation = CommandInvocation.Parse(context, Help, flags, globals, args, out var exitCode);
        if (invocation is null)
        {
            return exitCode;
        }

        if (!invocation.ExpectArguments(1, 1))
        {
            return ExitCodes.LocalError;
        }

        var name = invocation.Arguments[0].Trim().ToLowerInvariant();
        using var client = invocation.CreateClientOrReport();
        if (client is null)
        {
            return ExitCodes.RemoteError;
        }

        try
        {
            await client.DeletePolicyAsync(name);
        }
        catch (ApiRequestException error)
        {
            return invocation.FailRemote($"Error deleting {name}: {error.Message}");
        }

        invocation.Output.PrintLine($"Success! Deleted policy: {name}");
        return ExitCodes.Success;
    }
}
