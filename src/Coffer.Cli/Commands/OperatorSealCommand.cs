using Coffer.Cli.Api;
using Coffer.Cli.Flags;

namespace Coffer.Cli.Commands;

/// <summary>`coffer operator seal`: seals the server; it then needs unseal keys again.</summary>
internal sealed class OperatorSealCommand : ICliCommand
{
    private static readonly CommandHelp Help = new(
        "coffer operator seal [options]",
        "Seals the server. The in-memory root key is discarded and the server refuses requests until " +
        "enough unseal keys are provided again with \"coffer operator unseal\".");

    public string Name => "operator seal";

    public string Synopsis => "Seal the server";

    public async Task<int> RunAsync(IReadOnlyList<string> args, CliContext context)
    {
        var flags = new FlagSet();
        var globals = GlobalFlags.AddTo(flags);
        var invocation = CommandInvocation.Parse(context, Help, flags, globals, args, out var exitCode);
        if (invocation is null)
        {
            return exitCode;
        }

        if (!invocation.ExpectArguments(0, 0))
        {
            return ExitCodes.LocalError;
        }

        using var client = invocation.CreateClientOrReport();
        if (client is null)
        {
            return ExitCodes.RemoteError;
        }

        try
        {
            await client.SealAsync();
        }
        catch (ApiRequestException error)
        {
            invocation.Output.PrintError($"Error sealing: {error.Message}");
            return ExitCodes.RemoteError;
        }

        invocation.Output.PrintLine("Success! Vault is sealed.");
        return ExitCodes.Success;
    }
}
