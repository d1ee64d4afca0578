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

        return await LeaseIdRequest.RunAsync(
            invocation,
            "1-2",
            (client, leaseId) => client.RenewLeaseAsync(leaseId, GoDuration.WholeSeconds(increment.Value)),
            leaseId => $"Error renewing {leaseId}");
    }
}
