using Coffer.Cli.Api;
using Coffer.Cli.Flags;

namespace Coffer.Cli.Commands.Namespace;

/// <summary>`coffer namespace lookup PATH`: id, path and custom metadata of a child namespace.</summary>
internal sealed class NamespaceLookupCommand : ICliCommand
{
    private static readonly CommandHelp Help = new(
        "coffer namespace lookup [options] PATH",
        "Shows the id, path and custom metadata of the namespace at PATH, relative to the current namespace. " +
        "A namespace that does not exist exits with code 2.");

    public string Name => "namespace lookup";

    public string Synopsis => "Look up an existing namespace";

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
            client => client.ReadAsync("sys/namespaces/" + path),
            "Error looking up namespace",
            secret => secret is null ? invocation.FailRemote("Namespace not found") : invocation.Output.PrintSecret(secret));
    }
}
