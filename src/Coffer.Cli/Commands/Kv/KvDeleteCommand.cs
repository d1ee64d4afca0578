using System.Text.Json.Nodes;
using Coffer.Cli.Api;
using Coffer.Cli.Flags;

namespace Coffer.Cli.Commands.Kv;

/// <summary>
/// `coffer kv delete [-versions=1,2] [-mount=M] PATH`: on v2 soft-deletes the latest version (DELETE
/// <c>mount/data/key</c>) or the listed ones (<c>mount/delete/key</c>); on v1 removes the key.
/// </summary>
internal sealed class KvDeleteCommand : ICliCommand
{
    private static readonly CommandHelp Help = new(
        "coffer kv delete [options] PATH",
        "Deletes the data at the given path in the KV secrets engine. On KV v2 the latest version (or those " +
        "named by -versions) is marked deleted but kept, so it can be undeleted; kv destroy removes it for good.");

    public string Name => "kv delete";

    public string Synopsis => "Deletes versions in the KV store";

    public async Task<int> RunAsync(IReadOnlyList<string> args, CliContext context)
    {
        var flags = new FlagSet();
        var globals = GlobalFlags.AddTo(flags);
        var mount = KvCommandRunner.AddMountFlag(flags, "data");
        var versions = flags.AddStringList("versions",
            "The versions to delete (KV v2 only), comma-separated or repeated. Unset deletes the latest version.");
        var invocation = CommandInvocation.Parse(context, Help, flags, globals, args, out var exitCode, minArguments: 1, maxArguments: 1);
        if (invocation is null)
        {
            return exitCode;
        }

        return await KvCommandRunner.RunAsync(invocation, invocation.Arguments[0], mount, async (client, target) =>
        {
            var path = target.DataPath;
            var listed = KvCommandRunner.ParseVersions(versions);
            try
            {
                if (target.IsV2 && listed.Count > 0)
                {
                    var body = new JsonObject { ["versions"] = new JsonArray(listed.Select(v => (JsonNode)v).ToArray()) };
                    await client.WriteAsync(target.ApiPathFor("delete"), body);
                }
                else
                {
                    await client.DeleteAsync(path);
                }
            }
            catch (ApiRequestException error)
            {
                return invocation.FailRemote($"Error deleting {path}: {error.Message}");
            }

            invocation.Output.PrintLine($"Success! Data deleted (if it existed) at: {path}");
            return ExitCodes.Success;
        });
    }
}
