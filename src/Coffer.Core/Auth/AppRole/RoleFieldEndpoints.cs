using System.Text.Json.Nodes;

namespace Coffer.Core.Auth.AppRole;

/// <summary>
/// The one-field endpoints under <c>role/:name/</c> (<c>policies</c>, <c>token-ttl</c>…), which exist so an ACL can
/// delegate a single setting. Each maps onto the role's own fields: a read picks them from the role's read data, a
/// write is a role update restricted to them, a delete writes the field's default.
/// </summary>
internal static class RoleFieldEndpoints
{
    /// <param name="Fields">Request/response names; the first is current, the others are legacy aliases.</param>
    /// <param name="Default">JSON of what a delete restores; null for read-only fields.</param>
    public sealed record Field(string[] Fields, string? Default);

    private static readonly Dictionary<string, Field> BySegment = new(StringComparer.Ordinal)
    {
        ["policies"] = new([TokenFieldNames.Policies, "policies"], "[]"),
        ["secret-id-num-uses"] = new(["secret_id_num_uses"], "0"),
        ["secret-id-ttl"] = new(["secret_id_ttl"], "0"),
        ["secret-id-bound-cidrs"] = new(["secret_id_bound_cidrs", "bound_cidr_list"], "[]"),
        ["token-ttl"] = new([TokenFieldNames.Ttl], "0"),
        ["token-max-ttl"] = new([TokenFieldNames.MaxTtl], "0"),
        ["token-num-uses"] = new([TokenFieldNames.NumUses], "0"),
        ["token-bound-cidrs"] = new([TokenFieldNames.BoundCidrs], "[]"),
        ["bind-secret-id"] = new(["bind_secret_id"], "true"),
        ["period"] = new([TokenFieldNames.Period, "period"], "0"),
        ["local-secret-ids"] = new(["local_secret_ids"], null),
    };

    public static Field? Find(string segment) => BySegment.GetValueOrDefault(segment);

    /// <summary>The field's names that the role's read data carries (legacy names only while in use).</summary>
    public static JsonObject Read(Field field, RoleEntry role)
    {
        var all = role.ToReadData();
        var picked = new JsonObject();
        foreach (var name in field.Fields)
        {
            if (all[name] is { } value)
            {
                picked[name] = value.DeepClone();
            }
        }
        return picked;
    }

    /// <summary>The part of a request body that concerns this field, as data for a role update.</summary>
    public static JsonObject UpdateData(Field field, JsonObject request)
    {
        var update = new JsonObject();
        foreach (var name in field.Fields)
        {
            if (request[name] is { } value)
            {
                update[name] = value.DeepClone();
            }
        }
        return update.Count > 0 ? update : throw CofferError.BadRequest($"missing {field.Fields[0]}");
    }

    /// <summary>Parsed from text so the value looks exactly like request data to the field readers.</summary>
    public static JsonObject ResetData(Field field) => new() { [field.Fields[0]] = JsonNode.Parse(field.Default!) };
}
