using System.Text.Json.Nodes;
using Coffer.Cli.Api;
using Coffer.Cli.Flags;
using Coffer.Cli.Output;

namespace Coffer.Cli.Commands;

/// <summary>
/// `coffer operator init`: initialises storage and prints the unseal key shares and root token, which are
/// shown exactly once. With -status it only reports whether the server is initialised (exit 0 yes, 2 no).
/// </summary>
internal sealed class OperatorInitCommand : ICliCommand
{
    private static readonly CommandHelp Help = new(
        "coffer operator init [options]",
        "Initializes the server: generates the root key, splits it into unseal key shares and creates the " +
        "initial root token. The keys are printed once and never stored in readable form, so record them " +
        "safely. With -status, only reports whether the server is initialized (exit 0 yes, 2 no, 1 error).");

    public string Name => "operator init";

    public string Synopsis => "Initialize the server";

    public async Task<int> RunAsync(IReadOnlyList<string> args, CliContext context)
    {
        var flags = new FlagSet();
        var globals = GlobalFlags.AddTo(flags);
        var shares = flags.AddInt("key-shares", 5, "Number of unseal key shares to split the root key into.", "n");
        var threshold = flags.AddInt("key-threshold", 3, "Number of key shares needed to unseal.", "t");
        var statusOnly = flags.AddBool("status", "Only report whether the server is initialized.");
        var invocation = CommandInvocation.Parse(context, Help, flags, globals, args, out var exitCode, maxArguments: 0);
        if (invocation is null)
        {
            return exitCode;
        }

        using var client = invocation.CreateClientOrReport();
        if (client is null)
        {
            return ExitCodes.RemoteError;
        }

        return statusOnly.Value
            ? await ReportStatusAsync(invocation, client)
            : await InitializeAsync(invocation, client, shares.Value, threshold.Value);
    }

    private static async Task<int> ReportStatusAsync(CommandInvocation invocation, CofferApiClient client)
    {
        bool initialized;
        try
        {
            initialized = await client.InitStatusAsync();
        }
        catch (ApiRequestException error)
        {
            // 1, not 2: for -status, 2 means "not initialized".
            invocation.Output.PrintError($"Error checking init status: {error.Message}");
            return ExitCodes.LocalError;
        }

        var printed = invocation.Output.PrintObject(
            new JsonObject { ["Initialized"] = initialized },
            () => invocation.Output.PrintLine(initialized ? "Vault is initialized" : "Vault is not initialized"));
        return initialized ? printed : ExitCodes.NotInitialized;
    }

    private static async Task<int> InitializeAsync(CommandInvocation invocation, CofferApiClient client, int shares, int threshold)
    {
        JsonObject response;
        try
        {
            response = await client.InitAsync(shares, threshold);
        }
        catch (ApiRequestException error)
        {
            return invocation.FailRemote($"Error initializing: {error.Message}");
        }

        var result = new InitResult(response, shares, threshold);
        return invocation.Output.PrintObject(result.MachineView(), () => PrintForHumans(invocation.Output, result));
    }

    private static void PrintForHumans(OutputPrinter output, InitResult result)
    {
        for (var i = 0; i < result.UnsealKeys.Count; i++)
        {
            output.PrintLine($"Unseal Key {i + 1}: {result.UnsealKeys[i]}");
        }

        output.PrintLine("");
        output.PrintLine($"Initial Root Token: {result.RootToken}");
        output.PrintLine("");
        if (result.UnsealKeys.Count == 0)
        {
            output.PrintLine("Success! Vault is initialized");
            return;
        }

        Paragraph(output,
            $"Coffer initialized with {result.Shares} key shares and a key threshold of {result.Threshold}. " +
            "Distribute the key shares printed above to their holders securely. Whenever the server is " +
            $"sealed, restarted or stopped, at least {result.Threshold} of these keys must be supplied to " +
            "unseal it before it can serve requests again.");
        output.PrintLine("");
        Paragraph(output,
            $"Coffer does not store the generated root key. Without at least {result.Threshold} keys to " +
            "reconstruct the root key, the server will remain permanently sealed!");
        output.PrintLine("");
        Paragraph(output,
            "New unseal keys can be generated later, provided a quorum of the existing key shares is available.");
    }

    private static void Paragraph(OutputPrinter output, string text) => output.PrintLine(TextWrap.WrapToString(text));
}
