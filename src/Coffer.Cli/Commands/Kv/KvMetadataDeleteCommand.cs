using Coffer.Cli.Api;
using Coffer.Cli.Flags;

namespace Coffer.Cli.Commands.Kv;

/// <summary>`coffer kv metadata delete PATH`: removes a KV v2 key with all its versions and metadata.</summary>
internal sealed class KvMetadataDeleteCommand : ICliCommand
{
    private static readonly CommandHelp Help = new(
        "coffer kv metadata delete [options] PATH",
        "Deletes all versions and the metadata of a key in the KV v2 secrets engine. This cannot be undone.");

    public string Name => "kv metadata delete";

    public string Synopsis => "Deletes all versions and metadata for a key in the KV store";

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
                () => client.DeleteAsync(path),
                $"Error deleting {path}",
                _ =>
                {
                    invocation.Output.PrintLine($"Success! Data deleted (if it existed) at: {path}");
                    return ExitCodes.Success;
                }));
    }
}
