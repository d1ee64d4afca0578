using Coffer.Cli.Api;
using Coffer.Cli.Flags;

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
            secret = await client.DeleteAsync("sys/namespaces/" + path);
        }
        catch (ApiRequestException error)
        {
            return invocation.FailRemote($"Error deleting namespace: {error.Message}");
        }

        // A body here usually carries warnings (deletion may continue in the background).
        if (secret is not null)
        {
            return invocation.Output.PrintSecret(secret);
        }

        invocation.Output.PrintLine($"Success! Namespace deleted at: {path}/");
        return ExitCodes.Success;
    }
}
