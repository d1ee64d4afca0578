using Coffer.Cli.Api;
using Coffer.Cli.Flags;
using Coffer.Cli.Output;

namespace Coffer.Cli.Commands.Namespace;

/// <summary>`coffer namespace delete PATH`: deletes a child namespace and everything in it.</summary>
internal sealed class NamespaceDeleteCommand : ICliCommand
{
    private static readonly CommandHelp Help = new(
        "coffer namespace delete [options] PATH",
        "Deletes the namespace at PATH, relative to the current namespace, with everything inside it: " +
        "mounts, policies, tokens and leases.");

    public string Name => "namespace delete";

    public string Synopsis => "Delete an existing namespace";

    public async Task<int> RunAsync(IReadOnlyList<string> args, CliContext context)
    {
        var flags = new FlagSet();
        var globals = GlobalFlags.AddTo(flags);
        var invocation = CommandInvocation.Parse(context, Help, flags, globals, args, out var exitCode, minArguments: 1, maxArguments: 1);
        if (invocation is null)
        {
            return exitCode;
        }

        var path = ApiPath.Sanitize(invocation.Arguments[0].Trim());
        return await invocation.CallApiAsync(
            client => client.DeleteAsync("sys/namespaces/" + path),
            "Error deleting namespace",
            secret => Print(invocation.Output, secret, path));
    }

    private static int Print(OutputPrinter output, Secret? secret, string path)
    {
        // A body here usually carries warnings (deletion may continue in the background).
        if (secret is not null)
        {
            return output.PrintSecret(secret);
        }

        output.PrintLine($"Success! Namespace deleted at: {path}/");
        return ExitCodes.Success;
    }
}
