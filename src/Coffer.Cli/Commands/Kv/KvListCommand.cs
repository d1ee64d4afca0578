using Coffer.Cli.Api;
using Coffer.Cli.Flags;

namespace Coffer.Cli.Commands.Kv;

/// <summary>`coffer kv list [-mount=M] [PATH]`: the keys under a folder (LIST on <c>mount/metadata/path</c> for v2).</summary>
internal sealed class KvListCommand : ICliCommand
{
    private static readonly CommandHelp Help = new(
        "coffer kv list [options] PATH",
        "Lists the keys under the given path in the KV secrets engine. Keys ending in / are folders. With " +
        "-mount the path may be left out to list the mount's top level. Nothing there exits with code 2.");

    public string Name => "kv list";

    public string Synopsis => "List data or secrets";

    public async Task<int> RunAsync(IReadOnlyList<string> args, CliContext context)
    {
        var flags = new FlagSet();
        var globals = GlobalFlags.AddTo(flags);
        var mount = KvCommandRunner.AddMountFlag(flags, "metadata");
        var invocation = CommandInvocation.Parse(context, Help, flags, globals, args, out var exitCode, maxArguments: 1);
        if (invocation is null)
        {
            return exitCode;
        }

        if (invocation.Arguments.Count == 0 && mount.Value.Length == 0)
        {
            return invocation.FailLocal("Not enough arguments (expected 1, got 0)");
        }

        var argument = invocation.Arguments.Count == 0 ? "" : invocation.Arguments[0];
        return await KvCommandRunner.RunAsync(invocation, argument, mount, async (client, target) =>
        {
            var path = target.IsV2 ? target.ApiPathFor("metadata") : target.DataPath;
            Secret? secret;
            try
            {
                secret = await client.ListAsync(path);
            }
            catch (ApiRequestException error)
            {
                return invocation.FailRemote($"Error listing {path}: {error.Message}");
            }

            return ListCommand.Print(invocation.Output, secret, path);
        });
    }
}
