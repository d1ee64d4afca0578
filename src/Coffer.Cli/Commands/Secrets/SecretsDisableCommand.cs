using Coffer.Cli.Api;
using Coffer.Cli.Flags;

namespace Coffer.Cli.Commands.Secrets;

/// <summary>`coffer secrets disable PATH`: disables the engine at PATH, deleting all of its data.</summary>
internal sealed class SecretsDisableCommand : ICliCommand
{
    private static readonly CommandHelp Help = new(
        "coffer secrets disable [options] PATH",
        "Disables the secrets engine at PATH. Its leases are revoked and ALL of its data is deleted.");

    public string Name => "secrets disable";

    public string Synopsis => "Disable a secrets engine";

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
            client => client.DisableMountAsync(path),
            $"Error disabling secrets engine at {path}/",
            $"Success! Disabled the secrets engine (if it existed) at: {path}/");
    }
}
