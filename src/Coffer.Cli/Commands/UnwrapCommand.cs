using System.Text.Json.Nodes;
using Coffer.Cli.Api;
using Coffer.Cli.Flags;

namespace Coffer.Cli.Commands;

/// <summary>
/// `coffer unwrap [TOKEN]`: returns the response a wrapping token holds, printed as `read` prints it (or as
/// a key list when the wrapped response was a list). Without TOKEN the authenticated token is the wrapping
/// token. Each wrapping token can be unwrapped once.
/// </summary>
internal sealed class UnwrapCommand : ICliCommand
{
    private static readonly CommandHelp Help = new(
        "coffer unwrap [options] [TOKEN]",
        "Unwraps a wrapped response with the given wrapping token. The result is shown the same way `read` " +
        "shows the unwrapped response. Without TOKEN, the authenticated token itself is unwrapped. A wrapping " +
        "token works once: unwrapping consumes it.");

    public string Name => "unwrap";

    public string Synopsis => "Unwrap a wrapped secret";

    public async Task<int> RunAsync(IReadOnlyList<string> args, CliContext context)
    {
        var flags = new FlagSet();
        var globals = GlobalFlags.AddTo(flags);
        var invocation = CommandInvocation.Parse(context, Help, flags, globals, args, out var exitCode);
        if (invocation is null)
        {
            return exitCode;
        }

        if (invocation.Arguments.Count > 1)
        {
            return invocation.FailLocal($"Too many arguments (expected 0-1, got {invocation.Arguments.Count})");
        }

        var token = invocation.Arguments.Count == 1 ? invocation.Arguments[0].Trim() : null;
        return await invocation.CallApiAsync(client => client.UnwrapAsync(token), "Error unwrapping", secret => Print(invocation, secret));
    }

    private static int Print(CommandInvocation invocation, Secret? secret)
    {
        if (secret is null)
        {
            return invocation.FailRemote("Could not find wrapped response");
        }

        if (invocation.Output.Options.Field is null && secret.Data?["keys"] is JsonArray keys)
        {
            return invocation.Output.PrintKeys(keys, secret.Warnings);
        }

        return invocation.Output.PrintSecret(secret);
    }
}
