using System.Text.Json.Nodes;
using Coffer.Cli.Api;

namespace Coffer.Cli.Output;

/// <summary>
/// Writes command results in the chosen format. Results go to stdout; errors and server warnings go to
/// stderr so that <c>-field</c> and <c>-format=json</c> output stays clean for pipes.
/// </summary>
internal sealed class OutputPrinter(CliContext context, OutputOptions options)
{
    public OutputOptions Options => options;

    public void PrintLine(string text) => context.Out.WriteLine(text);

    public void PrintError(string text) => context.Err.WriteLine(text);

    /// <summary>Table or JSON view of a response envelope; with <c>-field</c>, just that field.</summary>
    public int PrintSecret(Secret secret)
    {
        if (options.Field is { } field)
        {
            return PrintField(RawField.Resolve(secret, field), field);
        }

        if (!options.IsTable)
        {
            PrintJson(JsonOutput.Envelope(secret));
            return ExitCodes.Success;
        }

        PrintWarnings(secret.Warnings);
        var rows = SecretTable.Rows(secret);
        if (rows.Count > 0)
        {
            context.Out.Write(TableFormatter.FormatKeyValues(rows));
        }

        return ExitCodes.Success;
    }

    /// <summary>
    /// For results that are plain JSON objects (seal status, init keys): the object itself as JSON, or
    /// <paramref name="table"/> for humans; <c>-field</c> picks a top-level key.
    /// </summary>
    public int PrintObject(JsonObject machineView, Action table)
    {
        if (options.Field is { } field)
        {
            return PrintField(machineView[field]?.DeepClone(), field);
        }

        if (options.IsTable)
        {
            table();
        }
        else
        {
            PrintJson(machineView);
        }

        return ExitCodes.Success;
    }

    /// <summary>
    /// A list answer's keys: vault's one-column "Keys" table (sorted, warnings above it on stderr), or the
    /// keys as a JSON array.
    /// </summary>
    public int PrintKeys(JsonArray keys, IReadOnlyList<string> warnings)
    {
        if (!options.IsTable)
        {
            PrintJson(keys.DeepClone());
            return ExitCodes.Success;
        }

        PrintWarnings(warnings);
        var rows = keys
            .Select(key => key?.ToString() ?? "")
            .Order(StringComparer.Ordinal)
            .Select(key => (IReadOnlyList<string>)[key]);
        PrintLine(TableFormatter.Format(["Keys"], rows).TrimEnd('\n'));
        return ExitCodes.Success;
    }

    public void PrintJson(JsonNode? node) => context.Out.WriteLine(JsonOutput.Indent(node));

    /// <summary>
    /// A single field, raw. Like vault, a trailing newline is added only when stdout is a terminal, so
    /// <c>coffer read -field=key ... &gt; file</c> stores the exact value. Strings print bare, numbers and
    /// booleans as sent; objects and arrays print as compact JSON (vault prints Go's map[...] syntax, which
    /// nothing can parse). With <c>-format=json</c> the value is printed as indented JSON, as vault does.
    /// </summary>
    public int PrintField(JsonNode? value, string field)
    {
        if (value is null)
        {
            PrintError($"Field \"{field}\" not present in secret");
            return ExitCodes.LocalError;
        }

        string text;
        if (!options.IsTable)
        {
            text = JsonOutput.Indent(JsonOutput.SortedCopy(value));
        }
        else if (value is JsonValue scalar)
        {
            text = GoValueFormatter.ScalarText(scalar);
        }
        else
        {
            text = JsonOutput.Minify(JsonOutput.SortedCopy(value));
        }

        PrintRaw(text);
        return ExitCodes.Success;
    }

    public void PrintRaw(string text)
    {
        context.Out.Write(text);
        if (context.Terminal.StdoutIsTerminal)
        {
            context.Out.WriteLine();
        }
    }

    /// <summary>Server warnings, shown above table output (and never mixed into JSON or raw fields).</summary>
    public void PrintWarnings(IReadOnlyList<string> warnings)
    {
        if (warnings.Count == 0)
        {
            return;
        }

        context.Err.WriteLine("WARNING! The following warnings were returned from the server:");
        context.Err.WriteLine();
        foreach (var warning in warnings)
        {
            context.Err.WriteLine(TextWrap.WrapToString("* " + warning, TextWrap.DefaultWidth, indent: 2));
            context.Err.WriteLine();
        }
    }
}
