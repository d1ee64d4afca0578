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

        string? rules;
        try
        {
            rules = await client.GetPolicyAsync(name);
        }
        catch (ApiRequestException error)
        {
            return invocation.FailRemote($"Error reading policy named {name}: {error.Message}");
        }

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
