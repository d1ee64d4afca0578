using Coffer.Cli.Api;
using Coffer.Cli.Flags;
using Coffer.Cli.Output;

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
        var invocation = CommandInvocation.Parse(context, Help, flags, globals, args, out var exitCode, maxArguments: 0);
        if (invocation is null)
        {
            return exitCode;
        }

        return await invocation.CallApiAsync(client => client.ListPoliciesAsync(), "Error listing policies", policies => Print(invocation.Output, policies));
    }

    private static int Print(OutputPrinter output, IReadOnlyList<string> policies)
    {
        if (!output.Options.IsTable)
        {
            output.PrintJson(JsonStrings.Array(policies));
            return ExitCodes.Success;
        }

        foreach (var policy in policies)
        {
            output.PrintLine(policy);
        }

        return ExitCodes.Success;
    }
}
