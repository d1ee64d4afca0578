using System.Globalization;
using System.Text.Json.Nodes;
using Coffer.Cli.Api;
using Coffer.Cli.Output;

namespace Coffer.Cli.Commands;

/// <summary>
/// The columns `secrets list`, `auth list` or `audit list` shows for a <see cref="MountTable"/>: a header per column and a
/// function that turns one entry (its path and its JSON) into a row.
/// </summary>
internal sealed record MountListColumns(IReadOnlyList<string> Headers, Func<string, JsonObject, IReadOnlyList<string>> Row)
{
    /// <summary>The plain table of `secrets list` and `auth list`.</summary>
    public static readonly MountListColumns PathTypeAccessorDescription = new(
        ["Path", "Type", "Accessor", "Description"],
        (path, mount) =>
        [
            path,
            Secret.StringField(mount, "type"),
            Secret.StringField(mount, "accessor"),
            Secret.StringField(mount, "description"),
        ]);

    /// <summary>The Plugin column of a detailed list: the plugin's name for an external plugin, else the type.</summary>
    public static string PluginText(string type, JsonObject? config) =>
        type == "plugin" ? Secret.StringField(config, "plugin_name") : type;

    /// <summary>A TTL column of a detailed list: raw seconds, or "system" when the mount uses the server default (0).</summary>
    public static string TtlText(JsonObject? config, string field)
    {
        var seconds = Secret.LongField(config, field);
        return seconds != 0 ? seconds.ToString(CultureInfo.InvariantCulture) : "system";
    }

    /// <summary>The Options column of a detailed list, as Go prints the map; Go prints a missing map as an empty one.</summary>
    public static string OptionsText(JsonObject mount) =>
        mount["options"] is JsonObject options ? GoValueFormatter.Format(options) : "map[]";

    /// <summary>The raw map for -format=json (the columns only shape the table), otherwise the table in path order.</summary>
    public int Print(OutputPrinter output, IReadOnlyList<KeyValuePair<string, JsonObject>> entries)
    {
        if (!output.Options.IsTable)
        {
            output.PrintJson(MountTable.ToJson(entries));
            return ExitCodes.Success;
        }

        output.PrintLine(TableFormatter.Format(Headers, entries.Select(entry => Row(entry.Key, entry.Value))).TrimEnd('\n'));
        return ExitCodes.Success;
    }
}
