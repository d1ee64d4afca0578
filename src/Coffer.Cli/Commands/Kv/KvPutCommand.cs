using System.Text.Json.Nodes;
using Coffer.Cli.Api;
using Coffer.Cli.Flags;

namespace Coffer.Cli.Commands.Kv;

/// <summary>
/// `coffer kv put [-cas=N] [-mount=M] PATH K=V...`: writes a whole secret. On v2 this creates a new version and the
/// data is sent as <c>{"data": {...}, "options": {"cas": N}}</c>; on v1 the data replaces what was there.
/// </summary>
internal sealed class KvPutCommand : ICliCommand
{
    private static readonly CommandHelp Help = new(
        "coffer kv put [options] KEY [DATA]",
        "Writes the data to the given path in the KV secrets engine, replacing what was there (on KV v2 as a " +
        "new version). Data is given as K=V pairs; a value of @file reads the value from a file and - reads it " +
        "from stdin. A lone - or @file reads a whole JSON object.");

    public string Name => "kv put";

    public string Synopsis => "Sets or updates data in the KV store";

    public async Task<int> RunAsync(IReadOnlyList<string> args, CliContext context)
    {
        var flags = new FlagSet();
        var globals = GlobalFlags.AddTo(flags);
        var mount = KvCommandRunner.AddMountFlag(flags, "data");
        var cas = flags.AddInt("cas", -1,
            "Check-and-set (KV v2 only): 0 writes only if the key does not exist, N only if the current version is " +
            "N; -1 (the default) sends no check.");
        var invocation = CommandInvocation.Parse(context, Help, flags, globals, args, out var exitCode);
        if (invocation is null)
        {
            return exitCode;
        }

        switch (invocation.Arguments.Count)
        {
            case 0:
                return invocation.FailLocal("Not enough arguments (expected >1, got 0)");
            case 1:
                return invocation.FailLocal("Must supply data");
        }

        if (invocation.ParseDataOrReport(1, data => data) is not { } data)
        {
            return ExitCodes.LocalError;
        }

        return await KvCommandRunner.RunAsync(invocation, invocation.Arguments[0], mount, async (client, target) =>
        {
            var path = target.DataPath;
            var body = data;
            if (target.IsV2)
            {
                var options = new JsonObject();
                if (cas.Value > -1)
                {
                    options["cas"] = cas.Value;
                }

                body = new JsonObject { ["data"] = data, ["options"] = options };
            }

            Secret? secret;
            try
            {
                secret = await client.WriteAsync(path, body);
            }
            catch (ApiRequestException error)
            {
                return invocation.FailRemote($"Error writing data to {path}: {error.Message}");
            }

            return secret is null
                ? KvOutput.PrintWritten(invocation.Output, path)
                : KvOutput.PrintWrittenVersion(invocation.Output, secret, path);
        });
    }
}
