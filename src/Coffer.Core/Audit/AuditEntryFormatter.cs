using System.Text.Json.Nodes;
using Coffer.Core.Routing;

namespace Coffer.Core.Audit;

/// <summary>
/// Builds the request and response entries of one device (spec/vault-api.md §10.2). Fields without a value are
/// left out, as Vault does. Only values that went through <see cref="AuditHasher"/> reach the entry.
/// </summary>
internal sealed class AuditEntryFormatter(AuditHasher hasher, AuditDeviceSettings settings)
{
    public JsonObject RequestEntry(AuditContext context, DateTimeOffset time, string error) => new()
    {
        ["type"] = "request",
        ["time"] = AuditTime.Format(time),
        ["auth"] = Auth(context),
        ["request"] = Request(context),
        ["error"] = error,
    };

    public JsonObject ResponseEntry(AuditContext context, Response? response, AuditWrapInfo? wrapInfo,
        DateTimeOffset time, string error) => new()
    {
        ["type"] = "response",
        ["time"] = AuditTime.Format(time),
        ["auth"] = Auth(context),
        ["request"] = Request(context),
        ["response"] = ResponseBody(context, response, wrapInfo),
        ["error"] = error,
    };

    private JsonObject Auth(AuditContext context)
    {
        var json = new JsonObject();
        Add(json, "client_token", hasher.Token(context.ClientToken));
        var auth = context.Auth;
        if (auth is null)
        {
            return json;
        }
        Add(json, "accessor", hasher.Accessor(auth.Accessor));
        Add(json, "display_name", auth.DisplayName);
        json["policies"] = Strings(auth.Policies);
        json["token_policies"] = Strings(auth.TokenPolicies ?? auth.Policies);
        if (auth.IdentityPolicies is { Count: > 0 })
        {
            json["identity_policies"] = Strings(auth.IdentityPolicies);
        }
        if (auth.Metadata is { Count: > 0 })
        {
            json["metadata"] = StringMap(auth.Metadata);
        }
        Add(json, "entity_id", auth.EntityId);
        Add(json, "token_type", auth.TokenType);
        if (auth.TokenTtlSeconds is { } ttl)
        {
            json["token_ttl"] = ttl;
        }
        if (auth.TokenIssueTime is { } issued)
        {
            json["token_issue_time"] = AuditTime.Format(issued);
        }
        if (auth.NumUses is { } numUses)
        {
            json["num_uses"] = numUses;
        }
        if (auth.RemainingUses is { } remaining)
        {
            json["remaining_uses"] = remaining;
        }
        if (auth.NoDefaultPolicy is { } noDefault)
        {
            json["no_default_policy"] = noDefault;
        }
        return json;
    }

    private JsonObject Request(AuditContext context)
    {
        var json = new JsonObject
        {
            ["id"] = context.RequestId,
            ["operation"] = OperationName(context.Operation),
        };
        Add(json, "mount_point", context.MountPoint);
        Add(json, "mount_type", context.MountType);
        Add(json, "mount_accessor", context.MountAccessor);
        Add(json, "client_token", hasher.Token(context.ClientToken));
        Add(json, "client_token_accessor", hasher.Accessor(context.Auth?.Accessor));
        var ns = new JsonObject { ["id"] = context.NamespaceId };
        Add(ns, "path", context.NamespacePath);
        json["namespace"] = ns;
        json["path"] = context.Path;
        if (context.Data is { Count: > 0 })
        {
            json["data"] = hasher.Data(context.Data, context.NonHmacRequestKeys);
        }
        Add(json, "remote_address", context.RemoteAddress);
        if (context.RemotePort is { } port)
        {
            json["remote_port"] = port;
        }
        if (context.WrapTtl is { } wrapTtl && wrapTtl > TimeSpan.Zero)
        {
            json["wrap_ttl"] = (long)wrapTtl.TotalSeconds;
        }
        if (context.Headers.Count > 0)
        {
            json["headers"] = Headers(context);
        }
        return json;
    }

    private JsonObject ResponseBody(AuditContext context, Response? response, AuditWrapInfo? wrapInfo)
    {
        var json = new JsonObject();
        Add(json, "mount_point", context.MountPoint);
        Add(json, "mount_type", string.IsNullOrEmpty(response?.MountType) ? context.MountType : response.MountType);
        Add(json, "mount_accessor", context.MountAccessor);
        if (response is null)
        {
            return json;
        }
        // A response passed through whole (an unwrapped one) carries its auth, lease and data inside the envelope.
        var envelope = response.RawEnvelope;
        if ((response.Auth ?? envelope?["auth"] as JsonObject) is { } auth)
        {
            json["auth"] = ResponseAuth(auth);
        }
        var leaseId = string.IsNullOrEmpty(response.LeaseId) ? TextOf(envelope?["lease_id"]) : response.LeaseId;
        if (!string.IsNullOrEmpty(leaseId))
        {
            json["secret"] = new JsonObject { ["lease_id"] = leaseId };
        }
        if ((response.Data ?? envelope?["data"] as JsonObject) is { } responseData)
        {
            var data = hasher.Data(responseData, context.NonHmacResponseKeys)!;
            if (settings.ElideListResponses && context.Operation == Operation.List)
            {
                ElideList(data);
            }
            json["data"] = data;
        }
        if (response.Warnings.Count > 0)
        {
            json["warnings"] = Strings(response.Warnings);
        }
        if (wrapInfo is not null)
        {
            json["wrap_info"] = WrapInfo(wrapInfo);
        }
        return json;
    }

    /// <summary>
    /// The envelope's <c>auth</c> block, reduced to the fields the audit schema knows. Tokens and accessors are
    /// hashed; policies and metadata are kept readable, as Vault keeps them.
    /// </summary>
    private JsonObject ResponseAuth(JsonObject auth)
    {
        var json = new JsonObject();
        Add(json, "client_token", hasher.Token(TextOf(auth["client_token"])));
        Add(json, "accessor", hasher.Accessor(TextOf(auth["accessor"])));
        foreach (var field in (string[])["display_name", "policies", "token_policies", "identity_policies", "metadata",
                     "entity_id", "token_type", "num_uses", "no_default_policy"])
        {
            if (auth[field] is { } value)
            {
                json[field] = value.DeepClone();
            }
        }
        if (auth["lease_duration"] is { } ttl)
        {
            json["token_ttl"] = ttl.DeepClone();
        }
        return json;
    }

    private JsonObject WrapInfo(AuditWrapInfo wrap)
    {
        var json = new JsonObject
        {
            ["token"] = hasher.Token(wrap.Token),
            ["ttl"] = wrap.TtlSeconds,
            ["creation_time"] = AuditTime.Format(wrap.CreationTime),
        };
        Add(json, "accessor", hasher.Accessor(wrap.Accessor));
        Add(json, "creation_path", wrap.CreationPath);
        Add(json, "wrapped_accessor", hasher.Accessor(wrap.WrappedAccessor));
        return json;
    }

    private JsonObject Headers(AuditContext context)
    {
        var json = new JsonObject();
        foreach (var (name, value) in context.Headers.OrderBy(h => h.Key, StringComparer.OrdinalIgnoreCase))
        {
            var hashed = context.HmacHeaders.Any(h => string.Equals(h, name, StringComparison.OrdinalIgnoreCase));
            json[name.ToLowerInvariant()] = new JsonArray(hashed ? hasher.Token(value) : value);
        }
        return json;
    }

    /// <summary>Replaces the list itself with its size, for mounts whose listings are large or sensitive.</summary>
    private static void ElideList(JsonObject data)
    {
        if (data["keys"] is JsonArray keys)
        {
            data["keys"] = keys.Count;
        }
        if (data["key_info"] is JsonObject keyInfo)
        {
            data["key_info"] = keyInfo.Count;
        }
    }

    public static string OperationName(Operation operation) => operation switch
    {
        Operation.Read => "read",
        Operation.Create => "create",
        Operation.Update => "update",
        Operation.Patch => "patch",
        Operation.Delete => "delete",
        Operation.List => "list",
        _ => operation.ToString().ToLowerInvariant(),
    };

    private static void Add(JsonObject json, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            json[name] = value;
        }
    }

    private static string? TextOf(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private static JsonArray Strings(IEnumerable<string> values) =>
        new(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());

    private static JsonObject StringMap(IReadOnlyDictionary<string, string> map)
    {
        var json = new JsonObject();
        foreach (var (key, value) in map.OrderBy(m => m.Key, StringComparer.Ordinal))
        {
            json[key] = value;
        }
        return json;
    }
}
