using Coffer.Cli.Api;
using Coffer.Cli.Flags;

namespace Coffer.Cli.Commands.Token;

/// <summary>`coffer token lookup [-accessor] [TOKEN]`: a token's properties; the caller's own without TOKEN.</summary>
internal sealed class TokenLookupCommand : ICliCommand
{
    private static readonly CommandHelp Help = new(
        "coffer token lookup [options] [TOKEN | ACCESSOR]",
        "Displays information about a token: its policies, TTL, metadata and more. Without an argument, " +
        "the authenticated token is looked up (auth/token/lookup-self). With -accessor the argument is a " +
        "token accessor, and the output does not include the token itself.");

    public string Name => "token lookup";

    public string Synopsis => "Display information about a token";

    public async Task<int> RunAsync(IReadOnlyList<string> args, CliContext context)
    {
        var flags = new FlagSet();
        var globals = GlobalFlags.AddTo(flags);
        var accessor = flags.AddBool("accessor", "Treat the argument as a token accessor instead of a token.");
        var invocation = CommandInvocation.Parse(context, Help, flags, globals, args, out var exitCode);
        if (invocation is null)
        {
            return exitCode;
        }

        var count = invocation.Arguments.Count;
        if (accessor.Value && count != 1)
        {
            return invocation.FailLocal(count == 0
                ? $"Not enough arguments with -accessor (expected 1, got {count})"
                : $"Too many arguments with -accessor (expected 1, got {count})");
        }

        if (count > 1)
        {
            return invocation.FailLocal($"Too many arguments (expected 0-1, got {count})");
        }

        var token = count == 1 ? invocation.Arguments[0].Trim() : "";
        return await invocation.CallApiAsync(
            client => token.Length == 0 ? client.LookupSelfAsync()
                : accessor.Value ? client.LookupAccessorAsync(token)
                : client.LookupTokenAsync(token),
            "Error looking up token",
            secret => secret is null ? ExitCodes.Success : invocation.Output.PrintSecret(secret));
    }
}
