using Coffer.Cli.Api;

namespace Coffer.Cli.Commands.Auth;

/// <summary>`coffer auth disable PATH`: disables the auth method at PATH, revoking every token it issued.</summary>
internal sealed class AuthDisableCommand : MountDisableCommand
{
    protected override CommandHelp Help { get; } = new(
        "coffer auth disable [options] PATH",
        "Disables the auth method enabled at PATH (the path, not the type). Every token issued through it is " +
        "revoked. Succeeds whether or not a method was enabled there.");

    public override string Name => "auth disable";

    public override string Synopsis => "Disable an auth method";

    protected override MountEndpoint Endpoint => MountEndpoint.AuthMethods;

    protected override string Failure(string path) => $"Error disabling auth method at {path}/";

    protected override string Success(string path) => $"Success! Disabled the auth method (if it existed) at: {path}/";
}
