using System.Text.Json.Nodes;
using Coffer.Cli.Api;
using Coffer.Cli.Flags;

namespace Coffer.Cli.Commands.Policy;

/// <summary>`coffer policy list`: one policy name per line (JSON: an array).</summary>
internal sealed class PolicyListCommand : ICliCommand
{
    private static readonly CommandHelp Help = new("coffer policy list [options]", "Lists the names of the installed ACL policies.");

    public string Name => "policy list";

    public string Synopsis => "List the installed policies";

    public async Task<int> RunAsync(IReadOnlyList<string> args, CliContext context)
    {
        var flags = new FlagSet();
        var globals = GlobalFlags.AddTo(flags);
        var invocation = CommandInvocation.Parse(context, Help, flags, globals, args, out var exitCode);
        if (invocation is null)
        {
            return exitCode;
        }

        if (!invocation.ExpectArguments(0, 0))
        {
            return ExitCodes.LocalError;
        }

        using var client = invocation.CreateClientOrReport();
        if (client is null)
        {
            return ExitCodes.RemoteError;
        }

        IReadOnlyList<string> policies;
        try
        {
            policies = await client.ListPoliciesAsync();
        }
        catch (ApiRequestException error)
        {
            return invocation.FailRemote($"Error listing policies: {error.Message}");
        }

        if (!invocation.Output.Options.IsTable)
        {
            invocation.Output.PrintJson(new JsonArray(policies.Select(p => (JsonNode?)p).ToArray()));
            return ExitCodes.Success;
        }

        foreach (var policy in policies)
        {
            invocation.Output.PrintLine(policy);
        }

        return ExitCodes.Success;
    }
}
