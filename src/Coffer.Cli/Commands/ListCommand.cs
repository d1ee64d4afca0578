using System.Text.Json.Nodes;
using Coffer.Cli.Api;
using Coffer.Cli.Flags;
using Coffer.Cli.Output;

namespace Coffer.Cli.Commands;

/// <summary>`coffer list PATH`: the LIST verb; prints the keys under a path. Nothing there exits 2.</summary>
internal sealed class ListCommand : ICliCommand
{
    private static readonly CommandHelp Help = new(
        "coffer list [options] PATH",
        "Lists the keys under the given path. Keys ending in / have keys beneath them. A path with nothing " +
        "under it exits with code 2.");

    public string Name => "list";

    public string Synopsis => "List data or secrets";

    public async Task<int> RunAsync(IReadOnlyList<string> args, CliContext context)
    {
        var flags = new FlagSet();
        var globals = GlobalFlags.AddTo(flags);
        var invocation = CommandInvocation.Parse(context, Help, flags, globals, args, out var exitCode, minArguments: 1, maxArguments: 1);
        if (invocation is null)
        {
            return exitCode;
        }

        var path = ApiPath.AsDirectory(invocation.Arguments[0]);
        return await invocation.CallApiAsync(client => client.ListAsync(path), $"Error listing {path}", secret => Print(invocation.Output, secret, path));
    }

    internal static int Print(OutputPrinter output, Secret? secret, string path)
    {
        // A wrapped answer holds no keys yet; show the wrapping token instead.
        if (secret?.WrapInfo is { } wrapInfo && Secret.LongField(wrapInfo, "ttl") != 0)
        {
            return output.PrintSecret(secret);
        }

        if (secret is not null && output.Options.Field is not null)
        {
            return output.PrintSecret(secret);
        }

        var keys = secret?.Data?["keys"] as JsonArray;
        if (!output.Options.IsTable && keys is null)
        {
            output.PrintJson(new JsonObject());
            return ExitCodes.RemoteError;
        }

        if (secret?.Data is null)
        {
            output.PrintError($"No value found at {path}");
            return ExitCodes.RemoteError;
        }

        if (keys is null)
        {
            output.PrintError($"No entries found at {path}");
            return ExitCodes.RemoteError;
        }

        return output.PrintKeys(keys, secret.Warnings);
    }
}
