using System.Text.Json.Nodes;
using Coffer.Core.Routing;

namespace Coffer.Core.Audit;

/// <summary>
/// Everything the audit log records about one request, captured by the core as it handles it. The same context is
/// passed to <see cref="AuditBroker.LogRequestAsync"/> and <see cref="AuditBroker.LogResponseAsync"/> so both entries
/// of a request describe it the same way.
/// </summary>
public sealed record AuditContext
{
    private static readonly IReadOnlySet<string> NoKeys = new HashSet<string>();

    public required string RequestId { get; init; }
    public required Operation Operation { get; init; }

    /// <summary>Logical path of the request, without a leading slash.</summary>
    public required string Path { get; init; }

    /// <summary>Request body; never modified by the audit log, which hashes a copy.</summary>
    public JsonObject? Data { get; init; }

    /// <summary>The caller's token; always hashed unless a device logs raw.</summary>
    public string? ClientToken { get; init; }

    /// <summary>The resolved token, or null when the request carried none (logins, unauthenticated paths).</summary>
    public AuditAuth? Auth { get; init; }

    public string? RemoteAddress { get; init; }
    public int? RemotePort { get; init; }
    public TimeSpan? WrapTtl { get; init; }

    /// <summary>Headers the operator chose to audit; values are logged as given unless named in <see cref="HmacHeaders"/>.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>Header names (case-insensitive) whose values are hashed.</summary>
    public IReadOnlySet<string> HmacHeaders { get; init; } = NoKeys;

    public string NamespaceId { get; init; } = "root";

    /// <summary>Namespace path with a trailing slash; empty for the root namespace.</summary>
    public string NamespacePath { get; init; } = "";

    /// <summary>Path of the mount that serves the request, e.g. <c>secret/</c>.</summary>
    public string? MountPoint { get; init; }
    public string? MountType { get; init; }
    public string? MountAccessor { get; init; }

    /// <summary>The mount's <c>audit_non_hmac_request_keys</c>: request data under these keys is logged as given.</summary>
    public IReadOnlySet<string> NonHmacRequestKeys { get; init; } = NoKeys;

    /// <summary>The mount's <c>audit_non_hmac_response_keys</c>: response data under these keys is logged as given.</summary>
    public IReadOnlySet<string> NonHmacResponseKeys { get; init; } = NoKeys;

    /// <summary>
    /// Builds a context from a request the core has already resolved (token looked up, mount routed). Mount
    /// details the request does not carry are passed in; of its headers, only those in <paramref name="audited"/> are kept.
    /// </summary>
    public static AuditContext FromRequest(Request request, AuditedHeaders audited, MountEntry? mount = null, string namespacePath = "")
    {
        var (headers, hashed) = audited.Select(request.Headers);
        return new AuditContext
        {
            RequestId = request.RequestId,
            Operation = request.Operation,
            Path = request.Path,
            Data = request.Data,
            ClientToken = request.ClientToken,
            Auth = request.Token is null ? null : AuditAuth.FromToken(request.Token),
            RemoteAddress = request.RemoteAddress,
            WrapTtl = request.WrapTtl,
            Headers = headers,
            HmacHeaders = hashed,
            NamespaceId = request.NamespaceId,
            NamespacePath = namespacePath,
            MountPoint = mount?.Path,
            MountType = mount?.Type,
            MountAccessor = mount?.Accessor,
            NonHmacRequestKeys = KeySet(mount?.AuditNonHmacRequestKeys),
            NonHmacResponseKeys = KeySet(mount?.AuditNonHmacResponseKeys),
        };
    }

    // Most mounts list no keys: they share the empty set instead of allocating one per request.
    private static IReadOnlySet<string> KeySet(IReadOnlyList<string>? keys) =>
        keys is { Count: > 0 } ? keys.ToHashSet(StringComparer.Ordinal) : NoKeys;
}
