namespace Coffer.Cli.Policies;

/// <summary>Re-indents an HCL ACL policy; see <see cref="PolicyPrinter"/> for the layout.</summary>
internal static class PolicyFormatter
{
    /// <exception cref="PolicyFormatException">The text is not valid HCL or not a valid policy.</exception>
    public static string Format(string text)
    {
        var document = PolicyParser.Parse(text);
        PolicyValidator.Validate(document);
        return PolicyPrinter.Print(document);
    }
}
