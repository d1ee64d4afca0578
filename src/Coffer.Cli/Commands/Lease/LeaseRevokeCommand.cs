using Coffer.Cli.Flags;

namespace Coffer.Cli.Commands.Lease;

/// <summary>
/// `coffer lease revoke [-prefix] [-force] [-sync] ID`. By default the revocation is queued (the server keeps retrying
/// if the engine fails); -sync waits for it; -force (with -prefix) deletes leases even when the engine fails.
/// </summary>
internal sealed class LeaseRevokeCommand : ICliCommand
{
    private static readonly CommandHelp Help = new(
        "coffer lease revoke [options] ID",
        "Revokes secrets by their lease ID, or with -prefix every secret whose lease ID starts with a path. " +
        "Without -force the revocation is queued and retried by the server if it fails (also across " +
        "restarts); -sync waits for it instead, and it is then up to the caller to retry. -force removes the " +
        "leases even if the secret engine cannot revoke them; it needs -prefix and is always synchronous.");

    public string Name => "lease revoke";

    public string Synopsis => "Revokes leases and secrets";

    public async Task<int> RunAsync(IReadOnlyList<string> args, CliContext context)
    {
        var flags = new FlagSet();
        var globals = GlobalFlags.AddTo(flags);
        var force = flags.AddBool("force",
            "Delete the lease even if the secret engine revocation fails. This is meant for recovery situations " +
            "where the secret in the target secret engine was manually removed. Requires -prefix.", "f");
        var prefix = flags.AddBool("prefix", "Treat the ID as a prefix instead of an exact lease ID.");
        var sync = flags.AddBool("sync", "Force a synchronous operation; on failure it is up to the client to retry.");
        var invocation = CommandInvocation.Parse(context, Help, flags, globals, args, out var exitCode);
        if (invocation is null)
        {
            return exitCode;
        }

        switch (invocation.Arguments.Count)
        {
            case 0:
                return invocation.FailLocal("Not enough arguments (expected 1, got 0)");
            case > 1:
                return invocation.FailLocal($"Too many arguments (expected 1, got {invocation.Arguments.Count})");
        }

        if (force.Value && !prefix.Value)
        {
            return invocation.FailLocal("Specifying -force requires also specifying -prefix");
        }

        var leaseId = invocation.Arguments[0].Trim();
        if (force.Value)
        {
            invocation.Output.PrintError("Warning! Force-removing leases can cause Vault to become out of sync with secret engines!");
        }

        return await invocation.CallApiAsync(
            client => client.RevokeLeaseAsync(leaseId, prefix.Value, force.Value, sync.Value),
            force.Value ? $"Error force revoking leases with prefix {leaseId}"
            : prefix.Value ? $"Error revoking leases with prefix {leaseId}"
            : $"Error revoking lease {leaseId}",
            force.Value ? $"Success! Force revoked any leases with prefix: {leaseId}"
            : !sync.Value ? "All revocation operations queued successfully!"
            : prefix.Value ? $"Success! Revoked any leases with prefix: {leaseId}"
            : $"Success! Revoked lease: {leaseId}");
    }
}
