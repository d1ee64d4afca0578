namespace Coffer.Cli.Output;

/// <param name="Field">Set by <c>-field</c>: print only this field's raw value.</param>
internal sealed record OutputOptions(OutputFormat Format, string? Field)
{
    public static OutputOptions Default { get; } = new(OutputFormat.Table, null);

    public bool IsTable => Format == OutputFormat.Table;

    /// <summary>Accepts the names vault accepts for the formats Coffer implements, in any letter case.</summary>
    public static bool TryParseFormat(string text, out OutputFormat format)
    {
        switch (text.Trim().ToLowerInvariant())
        {
            case "table":
                format = OutputFormat.Table;
                return true;
            case "json":
                format = OutputFormat.Json;
                return true;
            default:
                format = OutputFormat.Table;
                return false;
        }
    }
}
