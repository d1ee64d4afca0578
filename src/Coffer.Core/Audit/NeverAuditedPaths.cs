namespace Coffer.Core.Audit;

/// <summary>
/// Paths Vault never audits (spec/vault-api.md §10.2): seal and health probes, which run without a token and often,
/// and the unseal and rekey flows, whose bodies are key shares that must not reach any log, hashed or not.
/// </summary>
internal static class NeverAuditedPaths
{
    private static readonly HashSet<string> Exact = new(StringComparer.Ordinal)
    {
        "sys/init",
        "sys/seal-status",
        "sys/seal",
        "sys/step-down",
        "sys/unseal",
        "sys/leader",
        "sys/health",
        "sys/internal/ui/feature-flags",
        "sys/metrics",
        "sys/in-flight-req",
        "sys/storage/raft/bootstrap",
        "sys/storage/raft/join",
        // Generate-root style flows take key shares and OTPs; Vault serves them outside its audited request path.
        "sys/generate-root/attempt",
        "sys/generate-root/update",
        "sys/replication/dr/secondary/generate-operation-token/attempt",
        "sys/replication/dr/secondary/generate-operation-token/update",
    };

    private static readonly string[] RekeySteps = ["/init", "/update", "/verify"];

    public static bool Contains(string path)
    {
        var normalized = path.Trim('/');
        if (Exact.Contains(normalized) || normalized.StartsWith("sys/pprof/", StringComparison.Ordinal) ||
            normalized == "sys/pprof")
        {
            return true;
        }
        // sys/rekey/..., sys/rekey-recovery-key/..., and their verify sub-flows.
        return normalized.StartsWith("sys/rekey", StringComparison.Ordinal) &&
               RekeySteps.Any(step => normalized.EndsWith(step, StringComparison.Ordinal));
    }
}
