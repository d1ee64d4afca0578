using System.Text.Json;
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

    public void Line(string text) => context.Out.WriteLine(text);

    public void Error(string text) => context.Err.WriteLine(text);

    /// <summary>Table or JSON view of a response envelope; with <c>-field</c>, just that field.</summary>
    public int Secret(Secret secret)
    {
        if (options.Field is { } field)
        {
            return Field(RawField.Resolve(secret, field), field);
        }

        if (!options.IsTable)
        {
            Json(JsonOutput.Envelope(secret));
            return ExitCodes.Success;
        }

        Warnings(secret.Warnings);
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
    public int Object(JsonObject machineView, Action table)
    {
        if (options.Field is { } field)
        {
            return Field(machineView[field]?.DeepClone(), field);
        }

        if (options.IsTable)
        {
            table();
        }
        else
        {
            Json(machineView);
        }

        return ExitCodes.Success;
    }

    public void Json(JsonNode? node) => context.Out.WriteLine(JsonOutput.Indent(node));

    /// <summary>
    /// A single field, raw. Like vault, a trailing newline is added only when stdout is a terminal, so
    /// <c>coffer read -field=key ... &gt; file</c> stores the exact value. Strings print bare, numbers and
    /// booleans as sent; objects and arrays print as compact JSON (vault prints Go's map[...] syntax, which
    /// nothing can parse). With <c>-format=json</c> the value is printed as indented JSON, as vault does.
    /// </summary>
    public int Field(JsonNode? value, string field)
    {
        if (value is null)
        {
            Error($"Field \"{field}\" not present in secret");
            return ExitCodes.LocalError;
        }

        string text;
        if (!options.IsTable)
        {
            text = JsonOutput.Indent(JsonOutput.SortedCopy(value));
        }
        else if (value is JsonValue scalar && scalar.GetValueKind() != JsonValueKind.Object)
        {
            text = GoValueFormatter.ScalarText(scalar);
        }
        else
        {
            text = JsonOutput.Minify(JsonOutput.SortedCopy(value));
        }

        Raw(text);
        return ExitCodes.Success;
    }

    public void Raw(string text)
    {
        context.Out.Write(text);
        if (context.Terminal.StdoutIsTerminal)
        {
            context.Out.WriteLine();
        }
    }

    /// <summary>Server warnings, shown above table output (and never mixed into JSON or raw fields).</summary>
    public void Warnings(IReadOnlyList<string> warnings)
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
