namespace Coffer.Core.Storage;

/// <summary>Vault's list semantics over a sorted run of full keys that share a prefix.</summary>
public static class ListChildren
{
    /// <summary>
    /// Reduces keys under <paramref name="prefix"/> to direct children: <c>a/b</c> and <c>a/c/d</c> under
    /// <c>a/</c> become <c>b</c> and <c>c/</c>. The input must be sorted ordinally so folders dedupe in one pass.
    /// </summary>
    public static List<string> FromSortedKeys(IEnumerable<string> sortedKeys, string prefix)
    {
        var result = new List<string>();
        string? lastFolder = null;
        foreach (var key in sortedKeys)
        {
            if (!key.StartsWith(prefix, StringComparison.Ordinal) || key.Length == prefix.Length)
            {
                continue;
            }
            var rest = key.AsSpan(prefix.Length);
            var slash = rest.IndexOf('/');
            if (slash < 0)
            {
                result.Add(rest.ToString());
                continue;
            }
            var folder = rest[..(slash + 1)];
            if (lastFolder is not null && folder.SequenceEqual(lastFolder))
            {
                continue;
            }
            lastFolder = folder.ToString();
            result.Add(lastFolder);
        }
        result.Sort(StringComparer.Ordinal);
        return result;
    }
}
