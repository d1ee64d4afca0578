using System.Text.Json.Nodes;
using Coffer.Cli.Api;
using Coffer.Cli.Flags;

namespace Coffer.Cli.Commands.Kv;

/// <summary>
/// `coffer kv enable-versioning PATH`: asks the server to upgrade a KV v1 mount to v2 by tuning
/// <c>options.version=2</c> (POST <c>sys/mounts/PATH/tune</c>). The upgrade itself happens on the server.
/// </summary>
internal sealed class KvEnableVersioningCommand : ICliCommand
{
    private static readonly CommandHelp Help = new(
        "coffer kv enable-versioning [options] PATH",
        "Turns on versioning for the KV secrets engine mounted at PATH, upgrading it from KV v1 to v2. Existing " +
        "keys become version 1 of their secret. The mount may be unavailable while the server upgrades it.");

    public string Name => "kv enable-versioning";

    public string Synopsis => "Turns on versioning for a KV store";

    public async Task<int> RunAsync(IReadOnlyList<string> args, CliContext context)
    {
        var flags = new FlagSet();
        var globals = GlobalFlags.AddTo(flags);
        var invocation = CommandInvocation.Parse(context, Help, flags, globals, args, out var exitCode, minArguments: 1, maxArguments: 1);
        if (invocation is null)
        {
            return exitCode;
        }

        var mountPath = ApiPath.Sanitize(invocation.Arguments[0].Trim());
        var request = new JsonObject { ["options"] = new JsonObject { ["version"] = "2" } };
        return await invocation.CallApiAsync(
            client => client.RequestSecretAsync("POST", $"sys/mounts/{mountPath}/tune", request),
            $"Error tuning secrets engine {mountPath}/",
            _ =>
            {
                invocation.Output.PrintLine($"Success! Tuned the secrets engine at: {mountPath}/");
                return ExitCodes.Success;
            });
    }
}
