using Coffer.Cli.Api;
using Coffer.Cli.Flags;

namespace Coffer.Cli.Commands.Token;

/// <summary>
/// `coffer token capabilities [TOKEN] PATH`: what a token may do on a path. Without TOKEN it asks about the
/// authenticated token (<c>sys/capabilities-self</c>).
/// </summary>
internal sealed class TokenCapabilitiesCommand : ICliCommand
{
    private static readonly CommandHelp Help = new(
        "coffer token capabilities [options] [TOKEN | ACCESSOR] PATH",
        "Fetches the capabilities of a token on a path. With a TOKEN the sys/capabilities endpoint is used; " +
        "without one, sys/capabilities-self with the authenticated token. With -accessor the first argument " +
        "is a token accessor (sys/capabilities-accessor).");

    public string Name => "token capabilities";

    public string Synopsis => "Print capabilities of a token on a path";

    public async Task<int> RunAsync(IReadOnlyList<string> args, CliContext context)
    {
        var flags = new FlagSet();
        var globals = GlobalFlags.AddTo(flags);
        var accessor = flags.AddBool("accessor", "Treat the first argument as a token accessor instead of a token.");
        var invocation = CommandInvocation.Parse(context, Help, flags, globals, args, out var exitCode);
        if (invocation is null)
        {
            return exitCode;
        }

        var count = invocation.Arguments.Count;
        if (count == 0)
        {
            return invocation.FailLocal("Not enough arguments (expected 1-2, got 0)");
        }

        if (count > 2)
        {
            return invocation.FailLocal($"Too many arguments (expected 1-2, got {count})");
        }

        if (accessor.Value && count == 1)
        {
            return invocation.FailLocal("Not enough arguments with -accessor (expected 2, got 1)");
        }

        var token = count == 2 ? invocation.Arguments[0].Trim() : "";
        var path = invocation.Arguments[count - 1];
        return await invocation.CallApiAsync(
            client => token.Length == 0 ? client.CapabilitiesSelfAsync(path)
                : accessor.Value ? client.CapabilitiesAccessorAsync(token, path)
                : client.CapabilitiesAsync(token, path),
            "Error listing capabilities",
            capabilities => Print(invocation, capabilities));
    }

    private static int Print(CommandInvocation invocation, IReadOnlyList<string>? capabilities)
    {
        if (capabilities is null)
        {
            return invocation.FailLocal("No capabilities found");
        }

        if (!invocation.Output.Options.IsTable)
        {
            invocation.Output.PrintJson(JsonStrings.Array(capabilities));
            return ExitCodes.Success;
        }

        invocation.Output.PrintLine(string.Join(", ", capabilities.Order(StringComparer.Ordinal)));
        return ExitCodes.Success;
    }
}
