using System.Globalization;
using System.Text.Json.Nodes;
using Coffer.Cli.Api;
using Coffer.Cli.Flags;

namespace Coffer.Cli.Commands.Kv;

/// <summary>
/// `coffer kv metadata get PATH`: a KV v2 key's metadata and the state of every version. The table shows the
/// key's settings, then one "Version N" section per version in ascending order.
/// </summary>
internal sealed class KvMetadataGetCommand : ICliCommand
{
    private static readonly CommandHelp Help = new(
        "coffer kv metadata get [options] KEY",
        "Retrieves the metadata of a key in the KV v2 secrets engine: its settings, custom metadata and the " +
        "creation, deletion and destruction state of each version.");

    public string Name => "kv metadata get";

    public string Synopsis => "Retrieves key metadata from the KV store";

    public async Task<int> RunAsync(IReadOnlyList<string> args, CliContext context)
    {
        var flags = new FlagSet();
        var globals = GlobalFlags.AddTo(flags);
        var mount = KvCommandRunner.AddMountFlag(flags, "metadata");
        var invocation = CommandInvocation.Parse(context, Help, flags, globals, args, out var exitCode, minArguments: 1, maxArguments: 1);
        if (invocation is null)
        {
            return exitCode;
        }

        return await KvCommandRunner.RunOnMetadataAsync(invocation, mount, (client, path) =>
            invocation.RequestAsync(
                () => client.ReadAsync(path),
                $"Error reading {path}",
                secret => secret is null ? invocation.FailRemote($"No value found at {path}") : Print(invocation, secret, path)));
    }

    private static int Print(CommandInvocation invocation, Secret secret, string path)
    {
        var output = invocation.Output;
        if (output.Options.Field is not null || secret.WrapInfo is not null || !output.Options.IsTable)
        {
            return output.PrintSecret(secret);
        }

        if (secret.Data?["versions"] is not JsonObject versions)
        {
            invocation.FailRemote($"No value found at {path}");
            output.PrintSecret(secret);
            return ExitCodes.RemoteError;
        }

        var settings = new Secret((JsonObject)secret.Envelope.DeepClone());
        settings.Data!.Remove("versions");
        KvOutput.PrintPath(output, path, "Metadata Path");
        output.PrintLine(KvOutput.HeaderFor("Metadata", settings.Data));
        output.PrintSecret(settings);

        var numbered = versions
            .Select(p => (Number: long.TryParse(p.Key, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : (long?)null, p.Value))
            .Where(v => v.Number is not null)
            .OrderBy(v => v.Number);
        foreach (var (number, state) in numbered)
        {
            output.PrintLine("");
            output.PrintLine(KvOutput.HeaderFor($"Version {number}", state as JsonObject));
            KvOutput.PrintMap(output, state as JsonObject);
        }

        return ExitCodes.Success;
    }
}
