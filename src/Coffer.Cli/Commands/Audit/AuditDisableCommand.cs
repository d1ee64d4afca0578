using Coffer.Cli.Api;
using Coffer.Cli.Flags;

namespace Coffer.Cli.Commands.Audit;

/// <summary>`coffer audit disable PATH`: stops the audit device at PATH; its log files stay as they are.</summary>
internal sealed class AuditDisableCommand : ICliCommand
{
    private static readonly CommandHelp Help = new(
        "coffer audit disable [options] PATH",
        "Disables the audit device at PATH. Existing log files are not touched. Succeeds whether or not a " +
        "device was enabled there.");

    public string Name => "audit disable";

    public string Synopsis => "Disable an audit device";

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

        var path = ApiPath.Sanitize(invocation.Arguments[0]);
        using var client = invocation.CreateClientOrReport();
        if (client is null)
        {
            return ExitCodes.RemoteError;
        }

        try
        {
            await client.DisableAuditAsync(path);
        }
        catch (ApiRequestException error)
        {
            return invocation.FailRemote($"Error disabling audit device: {error.Message}");
        }

        invocation.Output.PrintLine($"Success! Disabled audit device (if it was enabled) at: {path}/");
        return ExitCodes.Success;
    }
}
