using System.Text.Json.Nodes;
using Coffer.Cli.Api;
using Coffer.Cli.Flags;

namespace Coffer.Cli.Commands.Kv;

/// <summary>
/// `coffer kv patch [-method=patch|rw] [-cas=N] [-remove-data=K] PATH K=V...`: changes some keys of the latest
/// KV v2 version and keeps the rest. The default sends an HTTP PATCH (JSON merge patch) and, like vault, falls back
/// to read-then-write when the server does not allow PATCH (405) or the token lacks the patch capability (403).
/// </summary>
internal sealed class KvPatchCommand : ICliCommand
{
    private static readonly CommandHelp Help = new(
        "coffer kv patch [options] KEY [DATA]",
        "Writes the data to the given path in the KV v2 secrets engine as a new version, keeping the keys of the " +
        "latest version that the data does not mention. -remove-data removes a key. -method=patch sends an HTTP " +
        "PATCH only; -method=rw reads the latest version, merges locally and writes it back with check-and-set; " +
        "the default tries PATCH and falls back to rw when PATCH is not allowed.");

    public string Name => "kv patch";

    public string Synopsis => "Sets or updates data in the KV store without overwriting";

    public async Task<int> RunAsync(IReadOnlyList<string> args, CliContext context)
    {
        var flags = new FlagSet();
        var globals = GlobalFlags.AddTo(flags);
        var mount = KvCommandRunner.AddMountFlag(flags, "data");
        var cas = flags.AddInt("cas", 0,
            "Check-and-set: when non-zero the patch applies only if the current version is this number.");
        var method = flags.AddString("method", "",
            "How to patch: \"patch\" for an HTTP PATCH, \"rw\" for read-then-write. Unset tries PATCH and falls back to rw.");
        var removeData = flags.AddStringList("remove-data", "Key to remove from the data. Repeat to remove several.");
        var invocation = CommandInvocation.Parse(context, Help, flags, globals, args, out var exitCode);
        if (invocation is null)
        {
            return exitCode;
        }

        if (invocation.Arguments.Count == 0)
        {
            return invocation.FailLocal("Not enough arguments (expected >1, got 0)");
        }

        if (removeData.Values.Count == 0 && invocation.Arguments.Count == 1)
        {
            return invocation.FailLocal("Must supply data");
        }

        if (invocation.ParseDataOrReport(1, data => data) is not { } changes)
        {
            return ExitCodes.LocalError;
        }

        foreach (var key in removeData.Values)
        {
            // A null in a JSON merge patch removes the key.
            changes[key] = null;
        }

        var patcher = new KvPatcher(invocation, changes, cas.Value);
        return await KvCommandRunner.RunAsync(invocation, invocation.Arguments[0], mount, async (client, target) =>
        {
            if (!target.IsV2)
            {
                return invocation.FailRemote("K/V engine mount must be version 2 for patch support");
            }

            var path = target.ApiPathFor("data");
            var (code, secret) = method.Value switch
            {
                "rw" => await patcher.ReadThenWriteAsync(client, path),
                "patch" => await patcher.MergePatchAsync(client, path, fallBackToReadWrite: false),
                "" => await patcher.MergePatchAsync(client, path, fallBackToReadWrite: true),
                _ => (invocation.FailRemote($"Unsupported method provided to -method flag: {method.Value}"), null),
            };
            if (code != ExitCodes.Success || secret is null)
            {
                return code;
            }

            return KvOutput.PrintWrittenVersion(invocation.Output, secret, path);
        });
    }
}
