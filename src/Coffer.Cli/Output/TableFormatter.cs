using System.Text;

namespace Coffer.Cli.Output;

/// <summary>
/// Renders Vault's "Key / Value" style tables: a header row, a row of dashes under each header, then the rows,
/// columns padded to the widest cell and separated by four spaces. Cells are trimmed and empty cells show
/// "n/a", as the vault CLI does, so output stays grep- and awk-compatible with runbooks written for it.
/// </summary>
internal static class TableFormatter
{
    private const string ColumnGap = "    ";
    private const string EmptyCell = "n/a";

    public static string Format(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows)
    {
        var table = new List<string[]>
        {
            headers.Select(Clean).ToArray(),
            headers.Select(h => new string('-', h.Trim().Length)).ToArray(),
        };
        table.AddRange(rows.Select(row => row.Select(Clean).ToArray()));

        var columnCount = table.Max(row => row.Length);
        var widths = new int[columnCount];
        foreach (var row in table)
        {
            for (var column = 0; column < row.Length; column++)
            {
                widths[column] = Math.Max(widths[column], row[column].Length);
            }
        }

        var text = new StringBuilder();
        foreach (var row in table)
        {
            for (var column = 0; column < row.Length; column++)
            {
                var isLast = column == row.Length - 1;
                text.Append(isLast ? row[column] : row[column].PadRight(widths[column]) + ColumnGap);
            }

            text.Append('\n');
        }

        return text.ToString();
    }

    public static string FormatKeyValues(IEnumerable<(string Key, string Value)> rows) =>
        Format(["Key", "Value"], rows.Select(row => (IReadOnlyList<string>)[row.Key, row.Value]));

    private static string Clean(string cell)
    {
        var trimmed = cell.Trim();
        return trimmed.Length == 0 ? EmptyCell : trimmed;
    }
}
