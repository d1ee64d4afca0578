using System.Text.Json.Nodes;
using Coffer.Cli.Api;
using Coffer.Cli.Flags;

namespace Coffer.Cli.Commands.Kv;

/// <summary>
/// `kv undelete` and `kv destroy`: POST the -versions list to <c>mount/undelete/key</c> or <c>mount/destroy/key</c>.
/// Both exist only on KV v2, and both insist on -versions.
/// </summary>
/// <param name="action">"undelete" or "destroy": the command's name, the verb in messages and the v2 endpoint.</param>
/// <param name="description">The help text below the usage line.</param>
internal abstract class KvVersionChangeCommand(string action, string synopsis, string description) : ICliCommand
{
    private readonly CommandHelp _help = new($"coffer kv {action} [options] KEY", description);

    public string Name => "kv " + action;

    public string Synopsis => synopsis;

    public async Task<int> RunAsync(IReadOnlyList<string> args, CliContext context)
    {
        var flags = new FlagSet();
        var globals = GlobalFlags.AddTo(flags);
        var mount = KvCommandRunner.AddMountFlag(flags, action);
        var versions = flags.AddStringList("versions", $"The versions to {action}, comma-separated or repeated. Required.");
        var invocation = CommandInvocation.Parse(context, _help, flags, globals, args, out var exitCode, minArguments: 1, maxArguments: 1);
        if (invocation is null)
        {
            return exitCode;
        }

        var listed = KvCommandRunner.ParseVersions(versions);
        if (listed.Count == 0)
        {
            return invocation.FailLocal($"No versions provided, use the \"-versions\" flag to specify the version to {action}.");
        }

        return await KvCommandRunner.RunAsync(invocation, invocation.Arguments[0], mount, (client, target) =>
        {
            if (!target.IsV2)
            {
                return Task.FromResult(invocation.FailLocal($"{char.ToUpperInvariant(action[0])}{action[1..]} not supported on KV Version 1"));
            }

            var path = target.ApiPathFor(action);
            var body = new JsonObject { ["versions"] = new JsonArray(listed.Select(v => (JsonNode)v).ToArray()) };
            return invocation.RequestAsync(
                () => client.WriteAsync(path, body),
                $"Error writing data to {path}",
                secret => KvOutput.PrintWriteAnswer(invocation.Output, secret, path));
        });
    }
}
