using System.Text;
using System.Text.Json.Nodes;
using Coffer.Core.Json;

namespace Coffer.Core.Auth.AppRole;

/// <summary>An AppRole role as stored under <c>role/&lt;lower-cased name&gt;</c>.</summary>
internal sealed class RoleEntry
{
    private const int MaxNameBytes = 4096;

    /// <summary>The name as first written; lookups are case-insensitive, logins report this spelling.</summary>
    public string Name { get; set; } = "";
    public string RoleId { get; set; } = "";

    /// <summary>
    /// Random id naming this role's secret-id folder. A role deleted and created again under the same name gets a
    /// new one, so a secret id of the old role can never log in to the new one, even one a racing write left behind.
    /// </summary>
    public string StorageId { get; set; } = "";
    public bool BindSecretId { get; set; } = true;
    public List<string> SecretIdBoundCidrs { get; set; } = [];
    public long SecretIdNumUses { get; set; }
    public long SecretIdTtlSeconds { get; set; }
    public bool LocalSecretIds { get; set; }
    public TokenFields Token { get; set; } = new();

    /// <summary>Lower-cased storage name, or a 400 when the name breaks the rules.</summary>
    public static string RequireName(string name)
    {
        if (name.Length == 0)
        {
            throw CofferError.BadRequest("missing role_name");
        }
        if (Encoding.UTF8.GetByteCount(name) >= MaxNameBytes)
        {
            throw CofferError.BadRequest($"role_name is longer than maximum of {MaxNameBytes} bytes");
        }
        if (!name.All(c => char.IsAsciiLetterOrDigit(c) || c is ' ' or '-' or '_' or '.' or '@'))
        {
            throw CofferError.BadRequest("invalid role_name: only letters, digits, space, \"-\", \"_\", \".\" and \"@\" are allowed");
        }
        return name.ToLowerInvariant();
    }

    /// <summary>Applies the role fields present in <paramref name="data"/> and checks the result (not the role id).</summary>
    public void Apply(JsonObject data, bool creating)
    {
        if (LenientFields.GetBool(data, "bind_secret_id") is { } bind)
        {
            BindSecretId = bind;
        }
        if ((CidrList.Read(data, "secret_id_bound_cidrs") ?? CidrList.Read(data, "bound_cidr_list")) is { } cidrs)
        {
            SecretIdBoundCidrs = cidrs;
        }
        if (LenientFields.GetInt(data, "secret_id_num_uses") is { } numUses)
        {
            SecretIdNumUses = numUses >= 0 ? numUses : throw CofferError.BadRequest("secret_id_num_uses cannot be negative");
        }
        if (LenientFields.GetDurationSeconds(data, "secret_id_ttl") is { } ttl)
        {
            SecretIdTtlSeconds = ttl;
        }
        if (LenientFields.GetBool(data, "local_secret_ids") is { } local)
        {
            if (!creating && local != LocalSecretIds)
            {
                throw CofferError.BadRequest("local_secret_ids can only be modified during role creation");
            }
            LocalSecretIds = local;
        }
        Token.Apply(data, LegacyTokenAliases.AppRole);
        if (!BindSecretId && SecretIdBoundCidrs.Count == 0 && Token.BoundCidrs.Count == 0)
        {
            throw CofferError.BadRequest("at least one constraint should be enabled on the role");
        }
    }

    public JsonObject ToReadData()
    {
        var data = new JsonObject
        {
            ["bind_secret_id"] = BindSecretId,
            ["local_secret_ids"] = LocalSecretIds,
            ["secret_id_bound_cidrs"] = new JsonArray(SecretIdBoundCidrs.Select(c => (JsonNode)JsonValue.Create(c)).ToArray()),
            ["secret_id_num_uses"] = SecretIdNumUses,
            ["secret_id_ttl"] = SecretIdTtlSeconds,
        };
        Token.WriteTo(data, LegacyTokenAliases.AppRole);
        return data;
    }
}
