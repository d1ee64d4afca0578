namespace Coffer.Core.Auth;

/// <summary>
/// Policy lists as Vault keeps them on users and roles: policy names are case-insensitive, so they are trimmed,
/// lower-cased, de-duplicated and sorted once on write rather than compared loosely everywhere else.
/// </summary>
public static class PolicyNames
{
    public static List<string> Sanitize(IEnumerable<string> names) =>
        names.Select(n => n.Trim().ToLowerInvariant())
            .Where(n => n.Length > 0)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
}
