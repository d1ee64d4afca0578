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
        var invocation = CommandInvocation.Parse(context, Help, flags, globals, args, out var exitCode, minArguments: 1, maxArguments: 1);
        if (invocation is null)
        {
            return exitCode;
        }

        var path = ApiPath.Sanitize(invocation.Arguments[0]);
        return await invocation.CallApiAsync(
            client => client.DisableAuditAsync(path),
            "Error disabling audit device",
            $"Success! Disabled audit device (if it was enabled) at: {path}/");
    }
}
