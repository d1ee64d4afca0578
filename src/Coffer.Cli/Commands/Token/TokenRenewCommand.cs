using Coffer.Cli.Api;
using Coffer.Cli.Flags;
using Coffer.Cli.Output;

namespace Coffer.Cli.Commands.Token;

/// <summary>`coffer token renew [-increment=D] [-accessor] [TOKEN]`: extends a token's TTL.</summary>
internal sealed class TokenRenewCommand : ICliCommand
{
    private static readonly CommandHelp Help = new(
        "coffer token renew [options] [TOKEN | ACCESSOR]",
        "Renews a token's lease, extending the time it can be used. Without an argument, the authenticated " +
        "token renews itself (auth/token/renew-self). Renewal fails when the token is not renewable, has " +
        "been revoked, or has reached its maximum TTL.");

    public string Name => "token renew";

    public string Synopsis => "Renew a token lease";

    public async Task<int> RunAsync(IReadOnlyList<string> args, CliContext context)
    {
        var flags = new FlagSet();
        var globals = GlobalFlags.AddTo(flags);
        var accessor = flags.AddBool("accessor", "Treat the argument as a token accessor instead of a token.");
        var increment = flags.AddDuration("increment",
            "Requested extension, e.g. 30m. The server may grant less (periodic tokens, maximum TTL). " +
            "Without it the server's default applies.", "i");
        var failIfNotFulfilled = flags.AddBool("fail-if-not-fulfilled", "Exit 1 when the granted TTL is shorter than -increment.");
        var invocation = CommandInvocation.Parse(context, Help, flags, globals, args, out var exitCode);
        if (invocation is null)
        {
            return exitCode;
        }

        if (invocation.Arguments.Count > 1)
        {
            return invocation.FailLocal($"Too many arguments (expected 1, got {invocation.Arguments.Count})");
        }

        var token = invocation.Arguments.Count == 1 ? invocation.Arguments[0].Trim() : "";
        var seconds = GoDuration.WholeSeconds(increment.Value);
        return await invocation.CallApiAsync(
            client => token.Length == 0 ? client.RenewSelfAsync(seconds)
                : accessor.Value ? client.RenewAccessorAsync(token, seconds)
                : client.RenewTokenAsync(token, seconds),
            "Error renewing token",
            secret => Print(invocation.Output, secret, seconds, failIfNotFulfilled.Value));
    }

    private static int Print(OutputPrinter output, Secret? secret, long requestedSeconds, bool failIfNotFulfilled)
    {
        if (secret is null)
        {
            return ExitCodes.Success;
        }

        if (failIfNotFulfilled && Secret.LongField(secret.Auth, "lease_duration") < requestedSeconds)
        {
            output.PrintLine("Token renewal completed with capped duration, failing the command because of --fail-if-not-fulfilled");
            return ExitCodes.LocalError;
        }

        return output.PrintSecret(secret);
    }
}
