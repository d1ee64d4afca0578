using System.Text.Json.Nodes;
using Coffer.Cli.Api;
using Coffer.Cli.Flags;
using Coffer.Cli.Output;

namespace Coffer.Cli.Commands.Kv;

/// <summary>
/// `coffer kv get [-version=N] [-mount=M] PATH`: reads a secret from a KV v1 or v2 mount. On v2 the table shows the
/// secret path, the version's metadata and its data; a deleted or destroyed version shows its metadata only, and
/// nothing at the path exits 2.
/// </summary>
internal sealed class KvGetCommand : ICliCommand
{
    private static readonly CommandHelp Help = new(
        "coffer kv get [options] KEY",
        "Retrieves the value from the KV secrets engine at the given key name. If no key exists with that name, " +
        "an error is returned. If a key exists with that name but has no data (a deleted or destroyed KV v2 " +
        "version), only its metadata is shown. For KV v2, -version selects an older version.");

    public string Name => "kv get";

    public string Synopsis => "Retrieves data from the KV store";

    public async Task<int> RunAsync(IReadOnlyList<string> args, CliContext context)
    {
        var flags = new FlagSet();
        var globals = GlobalFlags.AddTo(flags);
        var mount = KvCommandRunner.AddMountFlag(flags, "data");
        var version = flags.AddInt("version", 0, "The version to return; 0 or unset means the latest (KV v2 only).");
        var invocation = CommandInvocation.Parse(context, Help, flags, globals, args, out var exitCode, minArguments: 1, maxArguments: 1);
        if (invocation is null)
        {
            return exitCode;
        }

        return await KvCommandRunner.RunAsync(invocation, invocation.Arguments[0], mount, async (client, target) =>
        {
            var path = target.DataPath;
            List<KeyValuePair<string, string>>? query = target.IsV2 && version.Value > 0
                ? [KeyValuePair.Create("version", version.Value.ToString(System.Globalization.CultureInfo.InvariantCulture))]
                : null;
            Secret? secret;
            try
            {
                secret = await client.ReadAsync(path, query);
            }
            catch (ApiRequestException error)
            {
                return invocation.FailRemote($"Error reading {path}: {error.Message}");
            }

            return secret is null
                ? invocation.FailRemote($"No value found at {path}")
                : Print(invocation, secret, path, target.IsV2);
        });
    }

    private static int Print(CommandInvocation invocation, Secret secret, string path, bool isV2)
    {
        var output = invocation.Output;
        if (output.Options.Field is { } field && isV2)
        {
            return PrintV2Field(invocation, secret, path, field);
        }

        if (output.Options.Field is not null || secret.WrapInfo is not null || !output.Options.IsTable)
        {
            return output.PrintSecret(secret);
        }

        output.PrintWarnings(secret.Warnings);
        if (isV2)
        {
            KvOutput.PrintPath(output, path, "Secret Path");
        }

        if (secret.Data?["metadata"] is JsonObject metadata)
        {
            output.PrintLine(KvOutput.HeaderFor("Metadata", metadata));
            KvOutput.PrintMap(output, metadata);
            output.PrintLine("");
        }

        // On v2 the secret is nested under data.data, which is null for a deleted or destroyed version.
        var data = isV2 ? secret.Data?["data"] as JsonObject : secret.Data;
        if (data is not null)
        {
            output.PrintLine(KvOutput.HeaderFor("Data", data));
            KvOutput.PrintMap(output, data);
        }

        return ExitCodes.Success;
    }

    /// <summary>
    /// -field on v2 looks in the secret's own data. "data" means a key named data when the secret has one,
    /// otherwise the whole secret.
    /// </summary>
    private static int PrintV2Field(CommandInvocation invocation, Secret secret, string path, string field)
    {
        if (secret.Data?["data"] is not JsonObject data)
        {
            return invocation.FailRemote($"No data found at {path}");
        }

        if (field == "data" && !data.ContainsKey("data"))
        {
            return invocation.Output.PrintSecret(secret);
        }

        return invocation.Output.PrintField(data[field]?.DeepClone(), field);
    }
}
