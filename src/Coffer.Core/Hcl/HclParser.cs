namespace Coffer.Core.Hcl;

/// <summary>
/// Entry point: parses HCL1 (as Vault uses it for server config and ACL policies) or, when the
/// document starts with '{', its JSON form, into the same <see cref="HclBody"/> model.
/// </summary>
public static class HclParser
{
    /// <summary>Deepest nesting of blocks, objects and lists accepted; deeper input is rejected rather than risking the stack.</summary>
    public const int MaxNestingDepth = 100;

    /// <param name="fileName">Used only in positions and error messages.</param>
    /// <exception cref="HclException">The text is not valid HCL or JSON.</exception>
    public static HclBody Parse(string text, string fileName)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(fileName);
        // Dropping the '\r' of CRLF keeps every line and column unchanged and spares each reader from handling it.
        var normalized = text.Replace("\r\n", "\n", StringComparison.Ordinal);
        return IsJson(normalized)
            ? HclJsonReader.ReadDocument(normalized, fileName)
            : HclSyntaxParser.ParseDocument(normalized, fileName);
    }

    private static bool IsJson(string text)
    {
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c) || c == '\uFEFF') continue;
            return c == '{';
        }
        return false;
    }
}
