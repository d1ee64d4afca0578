using Coffer.Cli.Api;

namespace Coffer.Cli.Commands.Secrets;

/// <summary>`coffer secrets disable PATH`: disables the engine at PATH, deleting all of its data.</summary>
internal sealed class SecretsDisableCommand : MountDisableCommand
{
    protected override CommandHelp Help { get; } = new(
        "coffer secrets disable [options] PATH",
        "Disables the secrets engine at PATH. Its leases are revoked and ALL of its data is deleted.");

    public override string Name => "secrets disable";

    public override string Synopsis => "Disable a secrets engine";

    protected override MountEndpoint Endpoint => MountEndpoint.SecretsEngines;

    protected override string Failure(string path) => $"Error disabling secrets engine at {path}/";

    protected override string Success(string path) => $"Success! Disabled the secrets engine (if it existed) at: {path}/";
}
