using System.Text.Json.Nodes;
using Coffer.Cli.Api;
using Coffer.Cli.Flags;
using Coffer.Cli.Output;

namespace Coffer.Cli.Commands.Audit;

/// <summary>`coffer audit list [-detailed]`: the enabled audit devices. None enabled exits 2.</summary>
internal sealed class AuditListCommand : ICliCommand
{
    private static readonly CommandHelp Help = new(
        "coffer audit list [options]",
        "Lists the enabled audit devices. -detailed adds replication and the device options. With no device " +
        "enabled the command exits with code 2.");

    public string Name => "audit list";

    public string Synopsis => "List enabled audit devices";

    public async Task<int> RunAsync(IReadOnlyList<string> args, CliContext context)
    {
        var flags = new FlagSet();
        var globals = GlobalFlags.AddTo(flags);
        var detailed = flags.AddBool("detailed", "Show replication and options of each device (table output only).");
        var invocation = CommandInvocation.Parse(context, Help, flags, globals, args, out var exitCode);
        if (invocation is null)
        {
            return exitCode;
        }

        if (!invocation.ExpectArguments(0, 0))
        {
            return ExitCodes.LocalError;
        }

        using var client = invocation.CreateClientOrReport();
        if (client is null)
        {
            return ExitCodes.RemoteError;
        }

        IReadOnlyList<KeyValuePair<string, JsonObject>> devices;
        try
        {
            devices = await client.ListAuditAsync();
        }
        catch (ApiRequestException error)
        {
            return invocation.FailRemote($"Error listing audits: {error.Message}");
        }

        var output = invocation.Output;
        if (!output.Options.IsTable)
        {
            output.PrintJson(MountTable.ToJson(devices));
            return ExitCodes.Success;
        }

        if (devices.Count == 0)
        {
            // On stdout, as vault prints it; the exit code is what scripts check.
            output.PrintLine("No audit devices are enabled.");
            return ExitCodes.RemoteError;
        }

        var table = detailed.Value
            ? TableFormatter.Format(
                ["Path", "Type", "Description", "Replication", "Options"],
                devices.Select(d => (IReadOnlyList<string>)
                [
                    d.Key,
                    Secret.StringField(d.Value, "type"),
                    Secret.StringField(d.Value, "description"),
                    Secret.BoolField(d.Value, "local") ? "local" : "replicated",
                    OptionsText(d.Value["options"] as JsonObject),
                ]))
            : TableFormatter.Format(
                ["Path", "Type", "Description"],
                devices.Select(d => (IReadOnlyList<string>)
                [
                    Secret.StringField(d.Value, "path") is { Length: > 0 } path ? path : d.Key,
                    Secret.StringField(d.Value, "type"),
                    Secret.StringField(d.Value, "description"),
                ]));
        output.PrintLine(table.TrimEnd('\n'));
        return ExitCodes.Success;
    }

    /// <summary>"k=v" pairs separated by spaces; sorted so the output is stable (vault's follows map order).</summary>
    private static string OptionsText(JsonObject? options) =>
        options is null
            ? ""
            : string.Join(' ', options
                .OrderBy(o => o.Key, StringComparer.Ordinal)
                .Select(o => o.Key + "=" + (o.Value is null ? "" : GoValueFormatter.Format(o.Value))));
}
