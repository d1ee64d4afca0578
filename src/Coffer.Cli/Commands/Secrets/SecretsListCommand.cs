using System.Globalization;
using System.Text.Json.Nodes;
using Coffer.Cli.Api;
using Coffer.Cli.Flags;
using Coffer.Cli.Output;

namespace Coffer.Cli.Commands.Secrets;

/// <summary>`coffer secrets list [-detailed]`: the enabled secrets engines, as vault's table or the raw map as JSON.</summary>
internal sealed class SecretsListCommand : ICliCommand
{
    private static readonly CommandHelp Help = new(
        "coffer secrets list [options]",
        "Lists the enabled secrets engines with their paths, types, accessors and descriptions. -detailed adds " +
        "TTLs, replication, seal wrapping, options, uuid and versions.");

    private static readonly MountListColumns Columns = new(
        ["Path", "Type", "Accessor", "Description"],
        (path, mount) => [path, Text(mount, "type"), Text(mount, "accessor"), Text(mount, "description")]);

    private static readonly MountListColumns DetailedColumns = new(
        ["Path", "Plugin", "Accessor", "Default TTL", "Max TTL", "Force No Cache", "Replication", "Seal Wrap",
         "External Entropy Access", "Options", "Description", "UUID", "Version", "Running Version", "Running SHA256",
         "Deprecation Status"],
        DetailedRow);

    public string Name => "secrets list";

    public string Synopsis => "List enabled secrets engines";

    public async Task<int> RunAsync(IReadOnlyList<string> args, CliContext context)
    {
        var flags = new FlagSet();
        var globals = GlobalFlags.AddTo(flags);
        var detailed = flags.AddBool("detailed", "Show configuration and replication details of each engine (table output only).");
        var invocation = CommandInvocation.Parse(context, Help, flags, globals, args, out var exitCode, maxArguments: 0);
        if (invocation is null)
        {
            return exitCode;
        }

        return await invocation.CallApiAsync(
            client => client.ListMountsAsync(),
            "Error listing secrets engines",
            mounts => (detailed.Value ? DetailedColumns : Columns).Print(invocation.Output, mounts));
    }

    private static IReadOnlyList<string> DetailedRow(string path, JsonObject mount)
    {
        var type = Text(mount, "type");
        var config = mount["config"] as JsonObject;
        return
        [
            path,
            type == "plugin" ? Secret.StringField(config, "plugin_name") : type,
            Text(mount, "accessor"),
            Ttl(type, config, "default_lease_ttl"),
            Ttl(type, config, "max_lease_ttl"),
            Secret.BoolField(config, "force_no_cache") ? "true" : "false",
            Secret.BoolField(mount, "local") ? "local" : "replicated",
            Secret.BoolField(mount, "seal_wrap") ? "true" : "false",
            Secret.BoolField(mount, "external_entropy_access") ? "true" : "false",
            // Go prints a missing options map as an empty one.
            mount["options"] is JsonObject options ? GoValueFormatter.Format(options) : "map[]",
            Text(mount, "description"),
            Text(mount, "uuid"),
            Text(mount, "plugin_version"),
            Text(mount, "running_plugin_version"),
            Text(mount, "running_sha256"),
            Text(mount, "deprecation_status"),
        ];
    }

    /// <summary>Raw seconds, "system" when the mount uses the server default, "n/a" for engines without leases.</summary>
    private static string Ttl(string type, JsonObject? config, string field)
    {
        if (type is "system" or "cubbyhole" or "identity")
        {
            return "n/a";
        }
        var seconds = Secret.LongField(config, field);
        return seconds != 0 ? seconds.ToString(CultureInfo.InvariantCulture) : "system";
    }

    private static string Text(JsonObject mount, string field) => Secret.StringField(mount, field);
}
