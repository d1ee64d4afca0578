using System.Text.Json.Nodes;
using Coffer.Cli.Api;
using Coffer.Cli.Output;

namespace Coffer.Cli.Commands.Secrets;

/// <summary>`coffer secrets list [-detailed]`: the enabled secrets engines, as vault's table or the raw map as JSON.</summary>
internal sealed class SecretsListCommand : MountListCommand
{
    protected override CommandHelp Help { get; } = new(
        "coffer secrets list [options]",
        "Lists the enabled secrets engines with their paths, types, accessors and descriptions. -detailed adds " +
        "TTLs, replication, seal wrapping, options, uuid and versions.");

    protected override MountListColumns DetailedColumns { get; } = new(
        ["Path", "Plugin", "Accessor", "Default TTL", "Max TTL", "Force No Cache", "Replication", "Seal Wrap",
         "External Entropy Access", "Options", "Description", "UUID", "Version", "Running Version", "Running SHA256",
         "Deprecation Status"],
        DetailedRow);

    public override string Name => "secrets list";

    public override string Synopsis => "List enabled secrets engines";

    protected override string DetailedUsage => "Show configuration and replication details of each engine (table output only).";

    protected override string Failure => "Error listing secrets engines";

    protected override MountListColumns Columns => MountListColumns.PathTypeAccessorDescription;

    protected override MountEndpoint Endpoint => MountEndpoint.SecretsEngines;

    private static IReadOnlyList<string> DetailedRow(string path, JsonObject mount)
    {
        var type = Text(mount, "type");
        var config = mount["config"] as JsonObject;
        return
        [
            path,
            MountListColumns.PluginText(type, config),
            Text(mount, "accessor"),
            Ttl(type, config, "default_lease_ttl"),
            Ttl(type, config, "max_lease_ttl"),
            Secret.BoolField(config, "force_no_cache") ? "true" : "false",
            Secret.BoolField(mount, "local") ? "local" : "replicated",
            Secret.BoolField(mount, "seal_wrap") ? "true" : "false",
            Secret.BoolField(mount, "external_entropy_access") ? "true" : "false",
            MountListColumns.OptionsText(mount),
            Text(mount, "description"),
            Text(mount, "uuid"),
            Text(mount, "plugin_version"),
            Text(mount, "running_plugin_version"),
            Text(mount, "running_sha256"),
            Text(mount, "deprecation_status"),
        ];
    }

    /// <summary>"n/a" for engines without leases, as vault shows them.</summary>
    private static string Ttl(string type, JsonObject? config, string field) =>
        type is "system" or "cubbyhole" or "identity" ? "n/a" : MountListColumns.TtlText(config, field);

    private static string Text(JsonObject mount, string field) => Secret.StringField(mount, field);
}
