using Coffer.Cli.Api;
using Coffer.Cli.Flags;

namespace Coffer.Cli.Commands.Kv;

/// <summary>
/// `coffer kv metadata put [-max-versions=N] [-cas-required] [-delete-version-after=D] [-custom-metadata=k=v] PATH`:
/// creates a KV v2 key's metadata or replaces the settings given.
/// </summary>
internal sealed class KvMetadataPutCommand : ICliCommand
{
    private static readonly CommandHelp Help = new(
        "coffer kv metadata put [options] KEY",
        "Creates a blank key in the KV v2 secrets engine or updates the settings of an existing one. Only the " +
        "settings given as flags are sent; -custom-metadata replaces the whole custom metadata map.");

    public string Name => "kv metadata put";

    public string Synopsis => "Sets or updates key settings in the KV store";

    public async Task<int> RunAsync(IReadOnlyList<string> args, CliContext context)
    {
        var flags = new FlagSet();
        var globals = GlobalFlags.AddTo(flags);
        var mount = KvCommandRunner.AddMountFlag(flags, "metadata");
        var settings = new KvMetadataSettings(flags);
        var invocation = CommandInvocation.Parse(context, Help, flags, globals, args, out var exitCode, minArguments: 1, maxArguments: 1);
        if (invocation is null)
        {
            return exitCode;
        }

        return await KvCommandRunner.RunOnMetadataAsync(invocation, mount, (client, path) =>
            invocation.RequestAsync(
                () => client.WriteAsync(path, settings.ToRequest()),
                $"Error writing data to {path}",
                secret => KvOutput.PrintWriteAnswer(invocation.Output, secret, path)));
    }
}
