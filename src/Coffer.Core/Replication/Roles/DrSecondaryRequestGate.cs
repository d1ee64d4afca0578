using Coffer.Core.Routing;

namespace Coffer.Core.Replication.Roles;

/// <summary>
/// Refuses normal API requests while this cluster is a DR secondary (spec/replication.md §6.3). It runs right after
/// the seal check and before namespace resolution and token lookup (DESIGN.md §5): a DR secondary holds a copy of
/// the primary's data but must not serve it, nor even look up the tokens it holds.
/// </summary>
public static class DrSecondaryRequestGate
{
    public const string DisabledMessage = "path disabled in replication DR secondary mode";

    /// <summary>Status, seal and init paths a DR secondary still answers (spec §6.3).</summary>
    private static readonly HashSet<string> AllowedPaths = new(StringComparer.Ordinal)
    {
        "sys/health",
        "sys/seal-status",
        "sys/leader",
        "sys/init",
        "sys/unseal",
        "sys/seal",
        "sys/replication/status",
        "sys/replication/dr/status",
        "sys/replication/performance/status",
    };

    /// <summary>The DR-operation-token paths (spec §0): they authenticate with their own token, not X-Vault-Token.</summary>
    private const string DrSecondaryOperationsPrefix = "sys/replication/dr/secondary/";

    /// <summary>
    /// Throws the Vault error when <paramref name="state"/> is a DR secondary, or becoming one (its storage is being
    /// replaced), and the path is not one it answers.
    /// </summary>
    public static void Check(ReplicationRoleState state, Request request)
    {
        if (state.IsDrSecondaryMode && !IsAllowed(request.NamespaceHeader, request.Path))
        {
            throw CofferError.BadRequest(DisabledMessage);
        }
    }

    /// <summary>
    /// True for the paths a DR secondary answers. Replication and seal paths exist only in the root namespace, so a
    /// request naming any other namespace (by header or path prefix) never matches.
    /// </summary>
    public static bool IsAllowed(string? namespaceHeader, string path)
    {
        var header = namespaceHeader?.Trim().Trim('/') ?? "";
        if (header is not ("" or "root"))
        {
            return false;
        }
        var normalized = path.TrimStart('/').TrimEnd('/');
        return AllowedPaths.Contains(normalized) || normalized.StartsWith(DrSecondaryOperationsPrefix, StringComparison.Ordinal);
    }
}
