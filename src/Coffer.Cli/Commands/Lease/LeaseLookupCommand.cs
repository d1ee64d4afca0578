using Coffer.Cli.Flags;

namespace Coffer.Cli.Commands.Lease;

/// <summary>`coffer lease lookup ID`: a lease's issue, expiry and renewal times.</summary>
internal sealed class LeaseLookupCommand : ICliCommand
{
    private static readonly CommandHelp Help = new(
        "coffer lease lookup ID",
        "Looks up the lease of a secret by its lease ID: when it was issued, when it expires, when it was last " +
        "renewed, whether it can be renewed and how long it has left.");

    public string Name => "lease lookup";

    public string Synopsis => "Lookup the lease of a secret";

    public async Task<int> RunAsync(IReadOnlyList<string> args, CliContext context)
    {
        var flags = new FlagSet();
        var globals = GlobalFlags.AddTo(flags);
        var invocation = CommandInvocation.Parse(context, Help, flags, globals, args, out var exitCode);
        if (invocation is null)
        {
            return exitCode;
        }

        return await LeaseIdRequest.RunAsync(
            invocation,
            "1",
            (client, leaseId) => client.LookupLeaseAsync(leaseId),
            leaseId => $"error looking up lease id {leaseId}");
    }
}
