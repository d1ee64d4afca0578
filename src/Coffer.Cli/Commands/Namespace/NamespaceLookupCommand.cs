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
        var invocation = CommandInvocation.Parse(context, Help, flags, globals, args, out var exitCode);
        if (invocation is null)
        {
            return exitCode;
        }

        if (!invocation.ExpectArguments(1, 1))
        {
            return ExitCodes.LocalError;
        }

        var path = ApiPath.Sanitize(invocation.Arguments[0].Trim());
        using var client = invocation.CreateClientOrReport();
        if (client is null)
        {
            return ExitCodes.RemoteError;
        }

        Secret? secret;
        try
        {
            secret = await client.ReadAsync("sys/namespaces/" + path);
        }
        catch (ApiRequestException error)
        {
            return invocation.FailRemote($"Error looking up namespace: {error.Message}");
        }

        return secret is null ? invocation.FailRemote("Namespace not found") : invocation.Output.PrintSecret(secret);
    }
}
