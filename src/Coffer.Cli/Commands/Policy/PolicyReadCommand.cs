using System.Text.Json.Nodes;
using Coffer.Cli.Api;
using Coffer.Cli.Flags;

namespace Coffer.Cli.Commands.Policy;

/// <summary>`coffer policy read NAME`: prints the policy text as stored (JSON: <c>{"policy": ...}</c>).</summary>
internal sealed class PolicyReadCommand : ICliCommand
{
    private static readonly CommandHelp Help = new(
        "coffer policy read [options] NAME",
        "Prints the contents of the named policy. A missing policy exits with code 2.");

    public string Name => "policy read";

    public string Synopsis => "Print the contents of a policy";

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
        return await invocation.CallApiAsync(client => client.GetPolicyAsync(name), $"Error reading policy named {name}", rules => Print(invocation, rules, name));
    }

    private static int Print(CommandInvocation invocation, string? rules, string name)
    {
        // The root policy exists but has no text; vault reports it like a missing one.
        if (string.IsNullOrEmpty(rules))
        {
            return invocation.FailRemote($"No policy named: {name}");
        }

        return invocation.Output.PrintObject(
            new JsonObject { ["policy"] = rules },
            () => invocation.Output.PrintLine(rules.Trim()));
    }
}
