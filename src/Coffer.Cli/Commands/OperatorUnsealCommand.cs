using System.Text.Json.Nodes;
using Coffer.Cli.Api;
using Coffer.Cli.Flags;
using Coffer.Cli.Input;

namespace Coffer.Cli.Commands;

/// <summary>
/// `coffer operator unseal [-reset] [KEY]`: submits one unseal key share, then shows the seal status.
/// Without KEY the key is prompted for, hidden, so it stays out of shell history.
/// </summary>
internal sealed class OperatorUnsealCommand : ICliCommand
{
    private static readonly CommandHelp Help = new(
        "coffer operator unseal [options] [KEY]",
        "Provides one unseal key share. Once enough shares have been provided the server unseals. " +
        "Passing the key as an argument leaves it in your shell history; run without KEY to be prompted " +
        "for it instead (or pipe it on stdin).");

    public string Name => "operator unseal";

    public string Synopsis => "Provide an unseal key share";

    public async Task<int> RunAsync(IReadOnlyList<string> args, CliContext context)
    {
        var flags = new FlagSet();
        var globals = GlobalFlags.AddTo(flags);
        var reset = flags.AddBool("reset", "Discard the key shares provided so far and start over.");
        var invocation = CommandInvocation.Parse(context, Help, flags, globals, args, out var exitCode, maxArguments: 1);
        if (invocation is null)
        {
            return exitCode;
        }

        using var client = invocation.CreateClientOrReport();
        if (client is null)
        {
            return ExitCodes.RemoteError;
        }

        if (reset.Value)
        {
            return await SubmitAsync(invocation, client, () => client.ResetUnsealAsync(), "Error resetting unseal process");
        }

        var key = invocation.Arguments.Count == 1 ? invocation.Arguments[0] : SecretPrompt.Ask(context, "Unseal Key (will be hidden): ");
        if (key is null)
        {
            return invocation.FailLocal(
                "Error reading the unseal key: stdin was closed before a key was entered. Run the command from a " +
                "terminal, pipe the key on stdin, or pass it as the first argument.");
        }

        var trimmed = key.Trim();
        return await SubmitAsync(invocation, client, () => client.UnsealAsync(trimmed), "Error unsealing");
    }

    private static async Task<int> SubmitAsync(
        CommandInvocation invocation,
        CofferApiClient client,
        Func<Task<JsonObject>> request,
        string errorPrefix)
    {
        JsonObject sealStatus;
        try
        {
            sealStatus = await request();
        }
        catch (ApiRequestException error)
        {
            return invocation.FailRemote($"{errorPrefix}: {error.Message}");
        }

        return await SealStatusDisplay.ShowAsync(client, sealStatus, invocation.Output);
    }
}
