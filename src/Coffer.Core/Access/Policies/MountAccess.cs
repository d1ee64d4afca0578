namespace Coffer.Core.Access.Policies;

/// <summary>
/// Decides whether an ACL grants anything at or below a mount, so <c>sys/internal/ui/mounts</c> lists only mounts
/// the caller can use. Not on the per-request path, so it may look at every rule.
/// </summary>
internal static class MountAccess
{
    public static bool Check(Acl acl, string mountPath)
    {
        mountPath = mountPath.TrimStart('/');
        if (!mountPath.EndsWith('/')) mountPath += "/";
        if (!acl.Capabilities(mountPath).Contains("deny")) return true;

        var mountSegments = mountPath[..^1].Split('/');
        foreach (var rule in acl.Rules)
        {
            if (rule.IsDeny || rule.Capabilities == Capability.None) continue;
            var pattern = rule.Pattern;
            var reachesBelow = pattern.Kind == PathPatternKind.SegmentWildcard
                ? SegmentsReach(pattern, mountSegments)
                : pattern.Body.StartsWith(mountPath, StringComparison.Ordinal);
            if (reachesBelow) return true;
        }
        return false;
    }

    /// <summary>True when the pattern's leading segments can equal the mount's segments.</summary>
    private static bool SegmentsReach(PathPattern pattern, string[] mountSegments)
    {
        var segments = pattern.Segments;
        for (var i = 0; i < mountSegments.Length; i++)
        {
            if (i >= segments.Count) return false;
            var isPartialLast = pattern.IsPrefix && i == segments.Count - 1;
            if (isPartialLast) return mountSegments[i].StartsWith(segments[i], StringComparison.Ordinal);
            if (segments[i] != "+" && segments[i] != mountSegments[i]) return false;
        }
        return true;
    }
}
