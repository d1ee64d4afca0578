namespace Coffer.Core.Auth.Token;

/// <summary>What the <c>auth/token/</c> backend needs from the rest of the core; every part is optional.</summary>
public sealed record TokenBackendOptions
{
    /// <summary>Tuned default and max TTL of the <c>auth/token/</c> mount; 0 means the system value.</summary>
    public Func<(long DefaultTtlSeconds, long MaxTtlSeconds)>? MountTtls { get; init; }

    /// <summary>Whether an ACL policy exists, for the <c>Policy "x" does not exist</c> warning on create.</summary>
    public Func<string, CancellationToken, Task<bool>>? PolicyExists { get; init; }

    /// <summary>Path of a namespace by id, shown as <c>namespace_path</c> in lookups of namespaced tokens.</summary>
    public Func<string, string?>? NamespacePath { get; init; }

    /// <summary>
    /// Namespace of this <c>auth/token/</c> mount. Through it, tokens of this namespace and of the namespaces below it
    /// can be looked up, renewed and revoked; tokens of any other namespace are unknown here. Accessor listings show
    /// this namespace's tokens only.
    /// </summary>
    public string NamespaceId { get; init; } = "root";
}
