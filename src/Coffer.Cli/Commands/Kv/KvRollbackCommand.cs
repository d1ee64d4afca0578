using System.Globalization;
using System.Text.Json.Nodes;
using Coffer.Cli.Api;
using Coffer.Cli.Flags;

namespace Coffer.Cli.Commands.Kv;

/// <summary>
/// `coffer kv rollback -version=N PATH`: writes version N's data again as the newest version. The write uses
/// check-and-set on the version that was current when the command started, so a concurrent write is not lost.
/// </summary>
internal sealed class KvRollbackCommand : ICliCommand
{
    private static readonly CommandHelp Help = new(
        "coffer kv rollback [options] KEY",
        "Restores an older version of a key in the KV v2 secrets engine by writing its data as a new version. " +
        "Deleted or destroyed versions cannot be restored.");

    public string Name => "kv rollback";

    public string Synopsis => "Rolls back to a previous version of data";

    public async Task<int> RunAsync(IReadOnlyList<string> args, CliContext context)
    {
        var flags = new FlagSet();
        var globals = GlobalFlags.AddTo(flags);
        var mount = KvCommandRunner.AddMountFlag(flags, "data");
        var version = flags.AddInt("version", 0, "The version number to make current again. Required.");
        var invocation = CommandInvocation.Parse(context, Help, flags, globals, args, out var exitCode);
        if (invocation is null)
        {
            return exitCode;
        }

        if (invocation.Arguments.Count != 1)
        {
            return invocation.FailLocal($"Invalid number of arguments (expected 1, got {invocation.Arguments.Count})");
        }

        if (!version.IsSet)
        {
            return invocation.FailLocal("Version flag must be specified");
        }

        if (version.Value <= 0)
        {
            return invocation.FailLocal($"Invalid value {version.Value} for the version flag");
        }

        return await KvCommandRunner.RunAsync(invocation, invocation.Arguments[0], mount, async (client, target) =>
        {
            if (!target.IsV2)
            {
                return invocation.FailRemote("K/V engine mount must be version 2 for rollback support");
            }

            var path = target.ApiPathFor("data");
            var latest = await ReadVersionAsync(invocation, client, path, null);
            if (latest is null)
            {
                return ExitCodes.RemoteError;
            }

            var wanted = await ReadVersionAsync(invocation, client, path, version.Value);
            if (wanted is null)
            {
                return ExitCodes.RemoteError;
            }

            if (Secret.StringField(wanted.Value.Metadata, "deletion_time").Length > 0)
            {
                return invocation.FailRemote("Cannot roll back to a version that has been deleted");
            }

            if (Secret.BoolField(wanted.Value.Metadata, "destroyed"))
            {
                return invocation.FailRemote("Cannot roll back to a version that has been destroyed");
            }

            if (wanted.Value.Data is not { } data)
            {
                return invocation.FailRemote($"No data found at {path}; rollback only works on existing data");
            }

            var body = new JsonObject
            {
                ["data"] = data.DeepClone(),
                ["options"] = new JsonObject { ["cas"] = latest.Value.Metadata["version"]?.DeepClone() },
            };
            return await invocation.RequestAsync(
                () => client.WriteAsync(path, body),
                $"Error writing data to {path}",
                secret => KvOutput.PrintWriteAnswer(invocation.Output, secret, path));
        });
    }

    /// <returns>The version's metadata and data (null when deleted or destroyed), or null after reporting why not.</returns>
    private static async Task<(JsonObject Metadata, JsonObject? Data)?> ReadVersionAsync(
        CommandInvocation invocation, CofferApiClient client, string path, int? version)
    {
        List<KeyValuePair<string, string>>? query = version is { } number
            ? [KeyValuePair.Create("version", number.ToString(CultureInfo.InvariantCulture))]
            : null;
        Secret? secret;
        try
        {
            secret = await client.ReadAsync(path, query);
        }
        catch (ApiRequestException error)
        {
            invocation.FailRemote($"Error doing pre-read at {path}: {error.Message}");
            return null;
        }

        if (secret?.Data is null)
        {
            invocation.FailRemote($"No value found at {path}");
            return null;
        }

        if (secret.Data["metadata"] is not JsonObject metadata)
        {
            invocation.FailRemote($"No metadata found at {path}; rollback only works on existing data");
            return null;
        }

        return (metadata, secret.Data["data"] as JsonObject);
    }
}
