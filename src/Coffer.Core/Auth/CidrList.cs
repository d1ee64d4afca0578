using System.Text.Json.Nodes;

namespace Coffer.Core.Auth;

/// <summary>
/// Lists of CIDR blocks as auth methods keep them: validated when written (a bad block is a 400, not a login that
/// silently never matches), stored as normalised strings, and matched against the client address at login.
/// </summary>
public static class CidrList
{
    /// <summary>Reads and validates a CIDR list field; null when the field is absent.</summary>
    public static List<string>? Read(JsonObject data, string name)
    {
        var items = StringListField.Get(data, name);
        return items?.Select(item => Normalize(item, name)).Distinct(StringComparer.Ordinal).ToList();
    }

    public static string Normalize(string text, string fieldName) =>
        CidrBlock.TryParse(text, out var block)
            ? block.ToString()
            : throw CofferError.BadRequest($"invalid CIDR block \"{text}\" in \"{fieldName}\"");

    /// <summary>
    /// True when the list is empty (no restriction) or <paramref name="remoteAddress"/> lies in one of its blocks.
    /// A missing or unparsable client address never passes a non-empty list.
    /// </summary>
    public static bool Allows(IReadOnlyList<string> cidrs, string? remoteAddress)
    {
        if (cidrs.Count == 0)
        {
            return true;
        }
        if (!CidrBlock.TryParseAddress(remoteAddress, out var address))
        {
            return false;
        }
        foreach (var text in cidrs)
        {
            if (CidrBlock.TryParse(text, out var block) && block.Contains(address))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>True when every block of <paramref name="inner"/> lies inside some block of <paramref name="outer"/>.</summary>
    public static bool IsSubset(IReadOnlyList<string> inner, IReadOnlyList<string> outer)
    {
        var outerBlocks = outer.Select(Parse).ToList();
        return inner.Select(Parse).All(block => outerBlocks.Any(o => o.Covers(block)));
    }

    private static CidrBlock Parse(string text) =>
        CidrBlock.TryParse(text, out var block) ? block : throw new FormatException($"stored CIDR block is invalid: {text}");
}
