using System.Text.Json.Nodes;
using Coffer.Core.Leases;

namespace Coffer.Core.Routing;

/// <summary>A protocol-neutral result; the HTTP layer renders it as Vault's JSON envelope.</summary>
public sealed class Response
{
    public JsonObject? Data { get; set; }
    public List<string> Warnings { get; } = [];
    /// <summary>The rendered <c>auth</c> block of the envelope (token create, login, renew).</summary>
    public JsonObject? Auth { get; set; }

    /// <summary>Set by auth methods on a successful login; the core issues the token and fills <see cref="Auth"/>.</summary>
    public LoginAuth? Login { get; set; }
    /// <summary>Set by an engine that hands out a dynamic secret; the core registers the lease and fills <see cref="LeaseId"/>.</summary>
    public SecretLease? Secret { get; set; }
    public string LeaseId { get; set; } = "";
    public long LeaseDuration { get; set; }
    public bool Renewable { get; set; }

    /// <summary>Set when the response was wrapped: the envelope then carries only this.</summary>
    public JsonObject? WrapInfo { get; set; }

    /// <summary>A stored envelope returned exactly as it was (unwrapping gives back the original response).</summary>
    public JsonObject? RawEnvelope { get; set; }

    /// <summary>Type of the mount that served the request (<c>mount_type</c> in the envelope).</summary>
    public string MountType { get; set; } = "";

    /// <summary>
    /// An HTTP status other than 200 for a response that still carries the envelope: KV v2 answers a read of a
    /// deleted or destroyed version with 404 and the version's metadata (spec/vault-api.md §6.3).
    /// </summary>
    public int? StatusCode { get; set; }

    public static Response WithData(JsonObject data) => new() { Data = data };

    public static Response ListOf(IEnumerable<string> keys) =>
        new() { Data = new JsonObject { ["keys"] = new JsonArray(keys.Select(k => (JsonNode)JsonValue.Create(k)).ToArray()) } };
}
