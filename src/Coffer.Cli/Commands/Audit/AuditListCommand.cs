using System.Text.Json.Nodes;
using Coffer.Cli.Api;
using Coffer.Cli.Output;

namespace Coffer.Cli.Commands.Audit;

/// <summary>`coffer audit list [-detailed]`: the enabled audit devices. None enabled exits 2.</summary>
internal sealed class AuditListCommand : MountListCommand
{
    protected override CommandHelp Help { get; } = new(
        "coffer audit list [options]",
        "Lists the enabled audit devices. -detailed adds replication and the device options. With no device " +
        "enabled the command exits with code 2.");

    protected override MountListColumns Columns { get; } = new(
        ["Path", "Type", "Description"],
        (path, device) =>
        [
            Secret.StringField(device, "path") is { Length: > 0 } devicePath ? devicePath : path,
            Secret.StringField(device, "type"),
            Secret.StringField(device, "description"),
        ]);

    protected override MountListColumns DetailedColumns { get; } = new(
        ["Path", "Type", "Description", "Replication", "Options"],
        (path, device) =>
        [
            path,
            Secret.StringField(device, "type"),
            Secret.StringField(device, "description"),
            Secret.BoolField(device, "local") ? "local" : "replicated",
            OptionsText(device["options"] as JsonObject),
        ]);

    public override string Name => "audit list";

    public override string Synopsis => "List enabled audit devices";

    protected override string DetailedUsage => "Show replication and options of each device (table output only).";

    protected override string Failure => "Error listing audits";

    protected override MountEndpoint Endpoint => MountEndpoint.AuditDevices;

    protected override int Print(OutputPrinter output, IReadOnlyList<KeyValuePair<string, JsonObject>> devices, MountListColumns columns)
    {
        if (output.Options.IsTable && devices.Count == 0)
        {
            // On stdout, as vault prints it; the exit code is what scripts check.
            output.PrintLine("No audit devices are enabled.");
            return ExitCodes.RemoteError;
        }

        return columns.Print(output, devices);
    }

    /// <summary>"k=v" pairs separated by spaces; sorted so the output is stable (vault's follows map order).</summary>
    private static string OptionsText(JsonObject? options) =>
        options is null
            ? ""
            : string.Join(' ', options
                .OrderBy(o => o.Key, StringComparer.Ordinal)
                .Select(o => o.Key + "=" + (o.Value is null ? "" : GoValueFormatter.Format(o.Value))));
}
