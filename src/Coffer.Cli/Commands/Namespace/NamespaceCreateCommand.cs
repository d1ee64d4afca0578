using System.Text.Json.Nodes;
using Coffer.Cli.Api;
using Coffer.Cli.Flags;

namespace Coffer.Cli.Commands.Namespace;

/// <summary>`coffer namespace create [-custom-metadata k=v] PATH`: a child of the current namespace.</summary>
internal sealed class NamespaceCreateCommand : ICliCommand
{
    private static readonly CommandHelp Help = new(
        "coffer namespace create [options] PATH",
        "Creates a child namespace. PATH is relative to the namespace given with -namespace or " +
        "COFFER_NAMESPACE / VAULT_NAMESPACE: `coffer namespace create -namespace=ns1 ns2` creates ns1/ns2/.");

    public string Name => "namespace create";

    public string Synopsis => "Create a new namespace";

    public async Task<int> RunAsync(IReadOnlyList<string> args, CliContext context)
    {
        var flags = new FlagSet();
        var globals = GlobalFlags.AddTo(flags);
        var customMetadata = flags.AddKeyValue("custom-metadata", "Metadata key=value describing the namespace. Repeatable.");
        var invocation = CommandInvocation.Parse(context, Help, flags, globals, args, out var exitCode, minArguments: 1, maxArguments: 1);
        if (invocation is null)
        {
            return exitCode;
        }

        var path = ApiPath.Sanitize(invocation.Arguments[0].Trim());
        var request = new JsonObject
        {
            ["custom_metadata"] = JsonStrings.Object(customMetadata.Pairs),
        };

        return await invocation.CallApiAsync(
            client => client.WriteAsync("sys/namespaces/" + path, request),
            "Error creating namespace",
            secret => NamespaceOutput.Print(invocation, secret));
    }
}
