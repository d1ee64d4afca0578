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
        var invocation = CommandInvocation.Parse(context, Help, flags, globals, args, out var exitCode, minArguments: 1, maxArguments: 1);
        if (invocation is null)
        {
            return exitCode;
        }

        var name = invocation.Arguments[0].Trim().ToLowerInvariant();
        return await invocation.CallApiAsync(
            client => client.DeletePolicyAsync(name),
            $"Error deleting {name}",
            $"Success! Deleted policy: {name}");
    }
}
