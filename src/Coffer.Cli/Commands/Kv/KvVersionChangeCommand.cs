using System.Text.Json.Nodes;
using Coffer.Cli.Api;
using Coffer.Cli.Flags;

namespace Coffer.Cli.Commands.Kv;

/// <summary>
/// `kv undelete` and `kv destroy`: POST the -versions list to <c>mount/undelete/key</c> or <c>mount/destroy/key</c>.
/// Both exist only on KV v2, and both insist on -versions.
/// </summary>
internal abstract class KvVersionChangeCommand : ICliCommand
{
    public abstract string Name { get; }

    public abstract string Synopsis { get; }

    /// <summary>"undelete" or "destroy": the verb in messages and the v2 endpoint.</summary>
    protected abstract string Action { get; }

    protected abstract CommandHelp Help { get; }

    public async Task<int> RunAsync(IReadOnlyList<string> args, CliContext context)
    {
        var flags = new FlagSet();
        var globals = GlobalFlags.AddTo(flags);
        var mount = KvCommandRunner.AddMountFlag(flags, Action);
        var versions = flags.AddStringList("versions", $"The versions to {Action}, comma-separated or repeated. Required.");
        var invocation = CommandInvocation.Parse(context, Help, flags, globals, args, out var exitCode, minArguments: 1, maxArguments: 1);
        if (invocation is null)
        {
            return exitCode;
        }

        var listed = KvCommandRunner.ParseVersions(versions);
        if (listed.Count == 0)
        {
            return invocation.FailLocal($"No versions provided, use the \"-versions\" flag to specify the version to {Action}.");
        }

        return await KvCommandRunner.RunAsync(invocation, invocation.Arguments[0], mount, async (client, target) =>
        {
            if (!target.IsV2)
            {
                return invocation.FailLocal($"{char.ToUpperInvariant(Action[0])}{Action[1..]} not supported on KV Version 1");
            }

            var path = target.ApiPathFor(Action);
            var body = new JsonObject { ["versions"] = new JsonArray(listed.Select(v => (JsonNode)v).ToArray()) };
            Secret? secret;
            try
            {
                secret = await client.WriteAsync(path, body);
            }
            catch (ApiRequestException error)
            {
                return invocation.FailRemote($"Error writing data to {path}: {error.Message}");
            }

            return secret is null ? KvOutput.PrintWritten(invocation.Output, path) : invocation.Output.PrintSecret(secret);
        });
    }
}
