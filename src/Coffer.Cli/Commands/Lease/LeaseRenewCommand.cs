using Coffer.Cli.Flags;

namespace Coffer.Cli.Commands.Lease;

/// <summary>`coffer lease renew [-increment=D] ID`: extends a secret's lease.</summary>
internal sealed class LeaseRenewCommand : ICliCommand
{
    private static readonly CommandHelp Help = new(
        "coffer lease renew [options] ID",
        "Renews the lease on a secret, extending the time it can be used before it is revoked. The ID is the " +
        "full lease ID. Renewal fails when the secret is not renewable, has already been revoked, or has " +
        "reached its maximum TTL.");

    public string Name => "lease renew";

    public string Synopsis => "Renews the lease of a secret";

    public async Task<int> RunAsync(IReadOnlyList<string> args, CliContext context)
    {
        var flags = new FlagSet();
        var globals = GlobalFlags.AddTo(flags);
        var increment = flags.AddDuration("increment",
            "Request a specific increment in seconds. The server is not required to honor this request.");
        var invocation = CommandInvocation.Parse(context, Help, flags, globals, args, out var exitCode);
        if (invocation is null)
        {
            return exitCode;
        }

        switch (invocation.Arguments.Count)
        {
            case 0:
                return invocation.FailLocal("Missing ID!");
            case > 1:
                return invocation.FailLocal($"Too many arguments (expected 1-2, got {invocation.Arguments.Count})");
        }

        var leaseId = invocation.Arguments[0].Trim();
        return await invocation.CallApiAsync(
            client => client.RenewLeaseAsync(leaseId, GoDuration.WholeSeconds(increment.Value)),
            $"Error renewing {leaseId}",
            secret => secret is null ? ExitCodes.Success : invocation.Output.PrintSecret(secret));
    }
}
