using Coffer.Cli.Api;

namespace Coffer.Cli.Commands.Audit;

/// <summary>`coffer audit disable PATH`: stops the audit device at PATH; its log files stay as they are.</summary>
internal sealed class AuditDisableCommand : MountDisableCommand
{
    protected override CommandHelp Help { get; } = new(
        "coffer audit disable [options] PATH",
        "Disables the audit device at PATH. Existing log files are not touched. Succeeds whether or not a " +
        "device was enabled there.");

    public override string Name => "audit disable";

    public override string Synopsis => "Disable an audit device";

    protected override MountEndpoint Endpoint => MountEndpoint.AuditDevices;

    // Unlike the other kinds, vault names no path here.
    protected override string Failure(string path) => "Error disabling audit device";

    protected override string Success(string path) => $"Success! Disabled audit device (if it was enabled) at: {path}/";
}
