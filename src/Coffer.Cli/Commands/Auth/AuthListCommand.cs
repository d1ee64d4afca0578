using System.Text.Json.Nodes;
using Coffer.Cli.Api;
using Coffer.Cli.Output;

namespace Coffer.Cli.Commands.Auth;

/// <summary>`coffer auth list [-detailed]`: the enabled auth methods, as vault's table or the raw map as JSON.</summary>
internal sealed class AuthListCommand : MountListCommand
{
    protected override CommandHelp Help { get; } = new(
        "coffer auth list [options]",
        "Lists the enabled auth methods with their paths, types, accessors and descriptions. -detailed adds " +
        "TTLs, token type, replication and options. A TTL of \"system\" means the server default applies.");

    protected override MountListColumns DetailedColumns { get; } = new(
        ["Path", "Plugin", "Accessor", "Default TTL", "Max TTL", "Token Type", "Replication", "Seal Wrap", "Options", "Description", "UUID"],
        DetailedRow);

    public override string Name => "auth list";

    public override string Synopsis => "List enabled auth methods";

    protected override string DetailedUsage => "Show configuration and replication details of each method (table output only).";

    protected override string Failure => "Error listing enabled authentications";

    protected override MountListColumns Columns => MountListColumns.PathTypeAccessorDescription;

    protected override MountEndpoint Endpoint => MountEndpoint.AuthMethods;

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
            Secret.StringField(config, "token_type"),
            Secret.BoolField(mount, "local") ? "local" : "replicated",
            Secret.BoolField(mount, "seal_wrap") ? "true" : "false",
            MountListColumns.OptionsText(mount),
            Text(mount, "description"),
            Text(mount, "uuid"),
        ];
    }

    /// <summary>Blank for the built-in mounts that have no TTLs, as vault shows them.</summary>
    private static string Ttl(string type, JsonObject? config, string field) =>
        type is "system" or "cubbyhole" ? "" : MountListColumns.TtlText(config, field);

    private static string Text(JsonObject mount, string field) => Secret.StringField(mount, field);
}
