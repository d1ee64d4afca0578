using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Coffer.Core.Access;
using Coffer.Core.Json;
using Coffer.Core.Routing;

namespace Coffer.Core.Auth.Token;

/// <summary><c>auth/token/roles/:name</c> read, write, delete and the role list (spec/vault-api.md §4.8).</summary>
internal sealed partial class TokenRoleHandler(TokenStore store)
{
    public async Task<Response?> HandleAsync(Request request, string name, CancellationToken cancellationToken)
    {
        if (!TokenRoleStore.IsValidName(name))
        {
            throw CofferError.BadRequest("invalid role name");
        }
        switch (request.Operation)
        {
            case Operation.Read:
                var role = await store.Roles.GetAsync(name, cancellationToken);
                return role is null ? null : Response.WithData(ToJson(role));
            case Operation.Create or Operation.Update:
                return await WriteAsync(request.Data, name, cancellationToken);
            case Operation.Delete:
                await store.Roles.DeleteAsync(name, cancellationToken);
                return null;
            default:
                throw CofferError.UnsupportedOperation();
        }
    }

    public async Task<Response> ListAsync(CancellationToken cancellationToken) =>
        Response.ListOf(await store.Roles.ListAsync(cancellationToken));

    /// <summary>Fields not in the request keep their stored value, or the default for a new role.</summary>
    private async Task<Response?> WriteAsync(JsonObject data, string name, CancellationToken cancellationToken)
    {
        var role = await store.Roles.GetAsync(name, cancellationToken) ?? new TokenRole { Name = name };
        var pathSuffix = LenientFields.GetString(data, "path_suffix");
        if (pathSuffix is { Length: > 0 } && !SafePathSuffix().IsMatch(pathSuffix))
        {
            throw CofferError.BadRequest($"given role path suffix contains invalid characters; must match {SafePathSuffix()}");
        }
        if (pathSuffix is not null && pathSuffix.Contains(".."))
        {
            throw CofferError.BadRequest("error registering path suffix: path cannot contain parent references");
        }
        var numUses = LenientFields.GetInt(data, "token_num_uses");
        if (numUses is < 0)
        {
            throw CofferError.BadRequest("token_num_uses cannot be negative");
        }
        var cidrs = StringListField.Get(data, "token_bound_cidrs") ?? StringListField.Get(data, "bound_cidrs");

        role = role with
        {
            Orphan = LenientFields.GetBool(data, "orphan") ?? role.Orphan,
            Renewable = LenientFields.GetBool(data, "renewable") ?? role.Renewable,
            PathSuffix = pathSuffix ?? role.PathSuffix,
            AllowedPolicies = Policies(data, "allowed_policies") ?? role.AllowedPolicies,
            DisallowedPolicies = Policies(data, "disallowed_policies") ?? role.DisallowedPolicies,
            AllowedPoliciesGlob = Policies(data, "allowed_policies_glob") ?? role.AllowedPoliciesGlob,
            DisallowedPoliciesGlob = Policies(data, "disallowed_policies_glob") ?? role.DisallowedPoliciesGlob,
            AllowedEntityAliases = StringListField.Get(data, "allowed_entity_aliases") ?? role.AllowedEntityAliases,
            BoundCidrs = cidrs is null ? role.BoundCidrs : BoundCidrs.Parse(cidrs),
            ExplicitMaxTtl = TokenRequestFields.GetDurationSeconds(data, "token_explicit_max_ttl", "explicit_max_ttl") ?? role.ExplicitMaxTtl,
            Period = TokenRequestFields.GetDurationSeconds(data, "token_period", "period") ?? role.Period,
            NoDefaultPolicy = LenientFields.GetBool(data, "token_no_default_policy") ?? role.NoDefaultPolicy,
            NumUses = (int)Math.Min(numUses ?? role.NumUses, int.MaxValue),
            TokenType = TokenTypeOf(LenientFields.GetString(data, "token_type")) ?? role.TokenType,
        };
        RejectBadBatchRole(role);
        await store.Roles.PutAsync(role, cancellationToken);

        if (role.ExplicitMaxTtl > store.MaxTtlSeconds)
        {
            var response = new Response();
            response.Warnings.Add($"Given explicit max TTL of {role.ExplicitMaxTtl} is greater than system/mount allowed value of {store.MaxTtlSeconds} seconds; until this is fixed attempting to create tokens against this role will result in an error");
            return response;
        }
        return null;
    }

    /// <summary>Batch tokens have no parent to die with, cannot be renewed, and have no period or explicit max.</summary>
    private static void RejectBadBatchRole(TokenRole role)
    {
        if (role.TokenType != TokenRole.TypeBatch)
        {
            return;
        }
        var reason = !role.Orphan ? "non-orphan tokens"
            : role.Period != 0 ? "periodic tokens"
            : role.Renewable ? "renewable tokens"
            : role.ExplicitMaxTtl != 0 ? "tokens with an explicit max TTL"
            : null;
        if (reason is not null)
        {
            throw CofferError.BadRequest($"'token_type' cannot be 'batch' when role is set to generate {reason}");
        }
    }

    private static string? TokenTypeOf(string? requested) => requested switch
    {
        null => null,
        "default" or TokenRole.TypeDefaultService => TokenRole.TypeDefaultService,
        TokenRole.TypeService or TokenRole.TypeBatch or TokenRole.TypeDefaultBatch => requested,
        _ => throw CofferError.BadRequest($"invalid 'token_type' value \"{requested}\""),
    };

    private static List<string>? Policies(JsonObject data, string name) =>
        StringListField.Get(data, name) is { } listed ? PolicyNames.Distinct(listed) : null;

    private static JsonObject ToJson(TokenRole role) => new()
    {
        ["allowed_entity_aliases"] = Strings(role.AllowedEntityAliases),
        ["allowed_policies"] = Strings(role.AllowedPolicies),
        ["allowed_policies_glob"] = Strings(role.AllowedPoliciesGlob),
        ["disallowed_policies"] = Strings(role.DisallowedPolicies),
        ["disallowed_policies_glob"] = Strings(role.DisallowedPoliciesGlob),
        ["explicit_max_ttl"] = role.ExplicitMaxTtl,
        ["name"] = role.Name,
        ["orphan"] = role.Orphan,
        ["path_suffix"] = role.PathSuffix,
        ["period"] = role.Period,
        ["renewable"] = role.Renewable,
        ["token_bound_cidrs"] = Strings(role.BoundCidrs),
        ["token_explicit_max_ttl"] = role.ExplicitMaxTtl,
        ["token_no_default_policy"] = role.NoDefaultPolicy,
        ["token_num_uses"] = role.NumUses,
        ["token_period"] = role.Period,
        ["token_type"] = role.TokenType,
    };

    private static JsonArray Strings(IEnumerable<string> values) => new(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());

    /// <summary>Suffixes end up in token paths that revoke-prefix matches on, so they stay simple.</summary>
    [GeneratedRegex(@"^\w([\w\-./]*\w)?$")]
    private static partial Regex SafePathSuffix();
}
