using System.Text.Json.Nodes;
using Coffer.Core.Access;

namespace Coffer.Core.Routing;

/// <summary>A protocol-neutral request: what the HTTP layer hands to the core.</summary>
public sealed class Request
{
    public required Operation Operation { get; set; }

    /// <summary>
    /// Logical path after <c>/v1/</c>, without a leading slash; list paths end in <c>/</c>. The core replaces it with
    /// the path inside the request's namespace once it has resolved that.
    /// </summary>
    public required string Path { get; set; }

    public JsonObject Data { get; init; } = new();

    public string? ClientToken { get; set; }

    public string RequestId { get; init; } = Guid.NewGuid().ToString();

    public string? RemoteAddress { get; init; }

    /// <summary>The <c>X-Vault-Namespace</c> header, relative to the root; the core joins it with the path.</summary>
    public string? NamespaceHeader { get; init; }

    /// <summary>Id of the namespace the request resolved to; <c>root</c> for the root namespace.</summary>
    public string NamespaceId { get; set; } = "root";

    /// <summary>Requested response-wrapping TTL (<c>X-Vault-Wrap-TTL</c>), if any.</summary>
    public TimeSpan? WrapTtl { get; init; }

    /// <summary>Request headers the audit log may record (never the token headers).</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>Set by the core's ACL check: the caller is root or holds <c>sudo</c> on this path.</summary>
    public bool CallerHasSudo { get; set; }

    /// <summary>The token entry the core resolved from <see cref="ClientToken"/>.</summary>
    public TokenEntry? Token { get; set; }

    /// <summary>The part of <see cref="Path"/> below the mount that serves it, set by the router.</summary>
    public string MountRelativePath { get; set; } = "";
}
