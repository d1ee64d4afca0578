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
        var invocation = CommandInvocation.Parse(context, Help, flags, globals, args, out var exitCode, maxArguments: 0);
        if (invocation is null)
        {
            return exitCode;
        }

        return await invocation.CallApiAsync(client => client.SealAsync(), "Error sealing", "Success! Vault is sealed.");
    }
}
