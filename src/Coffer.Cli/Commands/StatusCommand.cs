using System.Text.Json.Nodes;
using Coffer.Cli.Api;
using Coffer.Cli.Flags;

namespace Coffer.Cli.Commands;

/// <summary>`coffer status`: seal state and HA mode. Exit 0 unsealed, 2 sealed, 1 on any error.</summary>
internal sealed class StatusCommand : ICliCommand
{
    private static readonly CommandHelp Help = new(
        "coffer status [options]",
        "Prints the seal state of the server and, when it is unsealed, its high-availability mode. " +
        "The exit code reflects the seal state: 0 unsealed, 2 sealed, 1 error.");

    public string Name => "status";

    public string Synopsis => "Print seal and HA status";

    public async Task<int> RunAsync(IReadOnlyList<string> args, CliContext context)
    {
        var flags = new FlagSet();
        var globals = GlobalFlags.AddTo(flags);
        var invocation = CommandInvocation.Parse(context, Help, flags, globals, args, out var exitCode, maxArguments: 0);
        if (invocation is null)
        {
            return exitCode;
        }

        // Every failure is 1 here, never 2, because 2 tells scripts "sealed".

        using var client = invocation.CreateClientOrReport();
        if (client is null)
        {
            return ExitCodes.LocalError;
        }

        JsonObject sealStatus;
        try
        {
            sealStatus = await client.SealStatusAsync();
        }
        catch (ApiRequestException error)
        {
            invocation.Output.PrintError($"Error checking seal status: {error.Message}");
            return ExitCodes.LocalError;
        }

        var printed = await SealStatusDisplay.ShowAsync(client, sealStatus, invocation.Output);
        return Secret.BoolField(sealStatus, "sealed") ? ExitCodes.Sealed : printed;
    }
}
