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
