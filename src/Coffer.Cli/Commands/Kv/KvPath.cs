namespace Coffer.Cli.Commands.Kv;

/// <summary>
/// Path arithmetic of vault's <c>kv</c> commands: joining like Go's <c>path.Join</c>, and inserting the KV v2 API
/// segment (<c>data</c>, <c>metadata</c>, <c>delete</c>...) between a mount and the key.
/// </summary>
internal static class KvPath
{
    /// <summary>
    /// Joins the non-empty parts with '/' and cleans the result as Go's <c>path.Join</c> does: no empty or "."
    /// segments, ".." removes the segment before it, no leading or trailing slash (KV paths are never absolute).
    /// </summary>
    public static string Join(params string[] parts)
    {
        var segments = new List<string>();
        foreach (var segment in parts.SelectMany(part => part.Split('/')))
        {
            if (segment.Length == 0 || segment == ".")
            {
                continue;
            }

            if (segment == "..")
            {
                if (segments.Count > 0 && segments[^1] != "..")
                {
                    segments.RemoveAt(segments.Count - 1);
                }
                else
                {
                    segments.Add(segment);
                }

                continue;
            }

            segments.Add(segment);
        }

        return string.Join('/', segments);
    }

    /// <summary>
    /// <c>secret/foo</c> on mount <c>secret/</c> with prefix <c>data</c> becomes <c>secret/data/foo</c>. When the
    /// server names the mount with leading segments the path lacks (a namespace-qualified mount path such as
    /// <c>team/secret/</c> for the path <c>secret/foo</c>), those segments are dropped one at a time until the rest
    /// matches, as vault's CLI does.
    /// </summary>
    public static string AddPrefix(string path, string mountPath, string apiPrefix)
    {
        if (path == mountPath || path == mountPath.TrimEnd('/'))
        {
            return Join(mountPath, apiPrefix);
        }

        var suffix = TrimPrefix(path, mountPath);
        while (suffix == path)
        {
            var slash = mountPath.IndexOf('/');
            if (slash < 0 || slash == mountPath.Length - 1)
            {
                break;
            }

            mountPath = mountPath[(slash + 1)..].TrimEnd('/');
            suffix = TrimPrefix(suffix, mountPath);
        }

        return Join(mountPath, apiPrefix, suffix);
    }

    private static string TrimPrefix(string text, string prefix) =>
        prefix.Length > 0 && text.StartsWith(prefix, StringComparison.Ordinal) ? text[prefix.Length..] : text;
}
