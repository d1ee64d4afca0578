using System.Text.Json.Nodes;
using Coffer.Cli.Api;
using Coffer.Cli.Flags;

namespace Coffer.Cli.Commands.Namespace;

/// <summary>`coffer namespace list`: the direct children of the current namespace.</summary>
internal sealed class NamespaceListCommand : ICliCommand
{
    private static readonly CommandHelp Help = new(
        "coffer namespace list [options]",
        "Lists the child namespaces of the current namespace. No children exits with code 2.");

    public string Name => "namespace list";

    public string Synopsis => "List child namespaces";

    public async Task<int> RunAsync(IReadOnlyList<string> args, CliContext context)
    {
        var flags = new FlagSet();
        var globals = GlobalFlags.AddTo(flags);
        var invocation = CommandInvocation.Parse(context, Help, flags, globals, args, out var exitCode, maxArguments: 0);
        if (invocation is null)
        {
            return exitCode;
        }

        return await invocation.CallApiAsync(client => client.ListAsync("sys/namespaces"), "Error listing namespaces", secret => Print(invocation, secret));
    }

    private static int Print(CommandInvocation invocation, Secret? secret)
    {
        var output = invocation.Output;
        var keys = secret?.Data?["keys"] as JsonArray;
        if (!output.Options.IsTable && keys is null)
        {
            // JSON consumers always get valid JSON, even when there is nothing to list.
            output.PrintJson(new JsonObject());
            return ExitCodes.RemoteError;
        }

        if (secret is null)
        {
            return invocation.FailRemote("No namespaces found");
        }

        if (secret.Data is null || (secret.WrapInfo is { } wrapInfo && Secret.LongField(wrapInfo, "ttl") != 0))
        {
            return output.PrintSecret(secret);
        }

        return keys is null ? invocation.FailRemote("No entries found") : output.PrintKeys(keys, secret.Warnings);
    }
}
