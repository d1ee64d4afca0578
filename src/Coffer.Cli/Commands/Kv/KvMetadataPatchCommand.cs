using System.Text.Json.Nodes;
using Coffer.Cli.Api;
using Coffer.Cli.Flags;

namespace Coffer.Cli.Commands.Kv;

/// <summary>
/// `coffer kv metadata patch [settings flags] [-remove-custom-metadata=K] PATH`: changes only the given settings of
/// an existing KV v2 key with a JSON merge patch; custom metadata keys are added, changed or removed one by one.
/// </summary>
internal sealed class KvMetadataPatchCommand : ICliCommand
{
    private static readonly CommandHelp Help = new(
        "coffer kv metadata patch [options] KEY",
        "Updates the settings of an existing key in the KV v2 secrets engine, leaving the rest as they are. " +
        "-custom-metadata adds or changes single custom metadata keys and -remove-custom-metadata removes them.");

    public string Name => "kv metadata patch";

    public string Synopsis => "Patches key settings in the KV store";

    public async Task<int> RunAsync(IReadOnlyList<string> args, CliContext context)
    {
        var flags = new FlagSet();
        var globals = GlobalFlags.AddTo(flags);
        var mount = KvCommandRunner.AddMountFlag(flags, "metadata");
        var settings = new KvMetadataSettings(flags);
        var removeCustom = flags.AddStringList("remove-custom-metadata", "A custom metadata key to remove. Repeat for several keys.");
        var invocation = CommandInvocation.Parse(context, Help, flags, globals, args, out var exitCode, minArguments: 1, maxArguments: 1);
        if (invocation is null)
        {
            return exitCode;
        }

        var patch = settings.ToRequest();
        if (removeCustom.Values.Count > 0)
        {
            var custom = patch["custom_metadata"] as JsonObject ?? [];
            foreach (var key in removeCustom.Values)
            {
                // A null in a JSON merge patch removes the key.
                custom[key] = null;
            }

            patch["custom_metadata"] = custom;
        }

        return await KvCommandRunner.RunOnMetadataAsync(invocation, mount, (client, path) =>
            invocation.RequestAsync(
                () => client.MergePatchAsync(path, patch),
                $"Error patching {path}",
                secret => KvOutput.PrintWriteAnswer(invocation.Output, secret, path)));
    }
}
