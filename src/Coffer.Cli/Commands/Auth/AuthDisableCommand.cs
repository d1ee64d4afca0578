using Coffer.Cli.Api;
using Coffer.Cli.Flags;

namespace Coffer.Cli.Commands.Auth;

/// <summary>`coffer auth disable PATH`: disables the auth method at PATH, revoking every token it issued.</summary>
internal sealed class AuthDisableCommand : ICliCommand
{
    private static readonly CommandHelp Help = new(
        "coffer auth disable [options] PATH",
        "Disables the auth method enabled at PATH (the path, not the type). Every token issued through it is " +
        "revoked. Succeeds whether or not a method was enabled there.");

    public string Name => "auth disable";

    public string Synopsis => "Disable an auth method";

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
            client => client.DisableAuthAsync(path),
            $"Error disabling auth method at {path}/",
            $"Success! Disabled the auth method (if it existed) at: {path}/");
    }
}
