namespace Coffer.Core.Auth.Token;

/// <summary>Role policy globs: <c>*</c> matches any run of characters, everything else matches itself.</summary>
internal static class PolicyGlob
{
    public static bool MatchesAny(IEnumerable<string> patterns, string value) => patterns.Any(p => Matches(p, value));

    public static bool Matches(string pattern, string value)
    {
        var parts = pattern.Split('*');
        if (parts.Length == 1)
        {
            return pattern == value;
        }
        if (!value.StartsWith(parts[0], StringComparison.Ordinal) || !value.EndsWith(parts[^1], StringComparison.Ordinal)
            || value.Length < parts[0].Length + parts[^1].Length)
        {
            return false;
        }
        var position = parts[0].Length;
        var end = value.Length - parts[^1].Length;
        for (var i = 1; i < parts.Length - 1; i++)
        {
            var found = value.IndexOf(parts[i], position, end - position, StringComparison.Ordinal);
            if (found < 0)
            {
                return false;
            }
            position = found + parts[i].Length;
        }
        return true;
    }
}
