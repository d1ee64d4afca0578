using System.Text.RegularExpressions;
using Coffer.Core.Access;
using Coffer.Core.Json;
using Coffer.Core.Routing;

namespace Coffer.Core.Auth.Token;

/// <summary>
/// <c>auth/token/create</c>, <c>create-orphan</c> and <c>create/:role</c> (spec/vault-api.md §4.3): decides the new
/// token's policies, parent, type and TTL from the request, the caller and the role, then has the store issue it.
/// </summary>
internal sealed partial class TokenCreateHandler(TokenStore store, TokenBackendOptions options)
{
    public async Task<Response> HandleAsync(Request request, string? roleName, bool orphanEndpoint, CancellationToken cancellationToken)
    {
        var parent = request.Token ?? await store.LookupAsync(request.ClientToken ?? "", cancellationToken)
                     ?? throw CofferError.BadRequest("parent token lookup failed: no parent found");
        if (parent.IsBatch)
        {
            throw CofferError.BadRequest("batch tokens cannot create more tokens");
        }
        if (parent.NumUses != 0)
        {
            throw CofferError.BadRequest("restricted use token cannot generate child tokens");
        }
        var data = request.Data;
        var isSudo = request.CallerHasSudo || parent.IsRoot;
        roleName ??= LenientFields.GetString(data, "role_name") is { Length: > 0 } named ? named : null;
        TokenRole? role = null;
        if (roleName is not null)
        {
            role = await store.Roles.GetAsync(roleName, cancellationToken) ?? throw CofferError.BadRequest($"unknown role {roleName}");
        }
        var warnings = new List<string>();

        if (LenientFields.GetString(data, "entity_alias") is { Length: > 0 })
        {
            throw CofferError.BadRequest(role is null
                ? "'role_name' must be supplied to use 'entity_alias'"
                : "entity_alias is not supported: there is no identity store to attach the alias to");
        }

        var renewable = LenientFields.GetBool(data, "renewable") ?? true;
        var explicitMax = NonNegative(TokenRequestFields.GetDurationSeconds(data, "explicit_max_ttl"), "explicit_max_ttl must be positive");
        var period = NonNegative(TokenRequestFields.GetDurationSeconds(data, "period"), "period must be positive");
        var numUses = LenientFields.GetInt(data, "num_uses") ?? 0;
        var type = ResolveType(LenientFields.GetString(data, "type") ?? "", role);
        if (type == TokenType.Batch)
        {
            var badField = explicitMax != 0 ? "explicit_max_ttl" : numUses != 0 ? "num_uses" : period != 0 ? "period" : null;
            if (badField is not null)
            {
                throw CofferError.BadRequest($"batch tokens cannot have \"{badField}\" set");
            }
            renewable = false;
        }
        if (numUses < 0)
        {
            throw CofferError.BadRequest("number of uses cannot be negative");
        }

        var path = "auth/token/" + request.MountRelativePath.TrimEnd('/');
        if (role is not null)
        {
            path = "auth/token/create/" + role.Name + (role.PathSuffix.Length > 0 ? "/" + role.PathSuffix : "");
            renewable &= role.Renewable;
        }

        var id = LenientFields.GetString(data, "id") ?? "";
        if (id.Length > 0)
        {
            if (!parent.IsRoot)
            {
                throw CofferError.BadRequest("root privileges required to specify token id");
            }
            if (request.NamespaceId != "root")
            {
                throw CofferError.BadRequest("token IDs can only be manually specified in the root namespace");
            }
            if (id.Contains('.'))
            {
                throw CofferError.BadRequest("token IDs can not contain a '.'");
            }
        }

        var noDefaultPolicy = (LenientFields.GetBool(data, "no_default_policy") ?? false) || role is { NoDefaultPolicy: true };
        var policies = ChoosePolicies(StringListField.Get(data, "policies") ?? [], parent, role, isSudo, noDefaultPolicy);
        PolicyNames.RejectNonAssignable(policies);
        if (policies.Contains(PolicyNames.Root))
        {
            if (!parent.IsRoot)
            {
                throw CofferError.BadRequest("root tokens may not be created without parent token being root");
            }
            if (type == TokenType.Batch)
            {
                throw CofferError.BadRequest("batch tokens cannot be root tokens");
            }
        }

        bool orphan;
        IReadOnlyList<string> boundCidrs = [];
        if (role is not null)
        {
            orphan = role.Orphan;
            boundCidrs = role.BoundCidrs;
        }
        else if (LenientFields.GetBool(data, "no_parent") ?? false)
        {
            if (!isSudo)
            {
                throw CofferError.BadRequest("root or sudo privileges required to create orphan token");
            }
            orphan = true;
        }
        else
        {
            orphan = orphanEndpoint;
        }
        if (!orphan && role is null)
        {
            boundCidrs = parent.BoundCidrs;
        }

        if (period > 0 && !isSudo)
        {
            throw CofferError.BadRequest("root or sudo privileges required to create periodic token");
        }
        var ttl = NonNegative(TokenRequestFields.GetDurationSeconds(data, "ttl", "lease"), "ttl must be positive");
        if (role is not null && type != TokenType.Batch)
        {
            explicitMax = Lesser(explicitMax, role.ExplicitMaxTtl, warnings,
                v => $"Explicit max TTL specified both during creation call and in role; using the lesser value of {v} seconds");
            period = Lesser(period, role.Period, warnings,
                v => $"Period specified both during creation call and in role; using the lesser value of {v} seconds");
            if (role.NumUses > 0 && (numUses == 0 || role.NumUses < numUses))
            {
                numUses = role.NumUses;
            }
        }

        var (mountDefault, mountMax) = options.MountTtls?.Invoke() ?? (0, 0);
        mountDefault = mountDefault > 0 ? mountDefault : store.DefaultTtlSeconds;
        mountMax = mountMax > 0 ? mountMax : store.MaxTtlSeconds;
        if (period > 0 || ttl > 0 || !policies.Contains(PolicyNames.Root))
        {
            var now = store.Clock.UtcNow;
            var grant = TokenTtl.Calculate(now, now, 0, ttl, period, 0, explicitMax, mountDefault, mountMax);
            warnings.AddRange(grant.Warnings);
            ttl = grant.TtlSeconds;
        }
        if (ttl == 0 && explicitMax > 0)
        {
            ttl = explicitMax;
        }
        if (ttl == 0)
        {
            if (parent.ExpireTime is not null)
            {
                throw CofferError.BadRequest("expiring root tokens cannot create non-expiring root tokens");
            }
            renewable = false;
            boundCidrs = [];
        }

        var spec = new TokenSpec
        {
            Id = id.Length > 0 ? id : null,
            Type = type,
            Policies = policies,
            Meta = LenientFields.GetStringMap(data, "meta"),
            DisplayName = DisplayName(LenientFields.GetString(data, "display_name") ?? ""),
            Path = path,
            NamespaceId = request.NamespaceId,
            Role = role?.Name ?? "",
            TtlSeconds = ttl,
            ExplicitMaxTtlSeconds = explicitMax,
            PeriodSeconds = period,
            MaxTtlSeconds = mountMax,
            NumUses = (int)Math.Min(numUses, int.MaxValue),
            Renewable = renewable,
            BoundCidrs = boundCidrs,
        };
        var issued = await store.CreateAsync(spec, orphan ? null : parent, cancellationToken);
        await WarnAboutMissingPoliciesAsync(policies, warnings, cancellationToken);
        var response = new Response { Auth = store.AuthBlock(issued) };
        response.Warnings.AddRange(warnings);
        return response;
    }

    /// <summary>
    /// Without a restricting role the new token gets a subset of the parent's policies (any policies for sudo
    /// callers); a role with allowed/disallowed lists replaces that rule with its own (spec §4.3, §4.8).
    /// </summary>
    private static List<string> ChoosePolicies(List<string> requested, TokenEntry parent, TokenRole? role, bool isSudo, bool noDefaultPolicy)
    {
        List<string> chosen;
        if (role is { RestrictsPolicies: true })
        {
            var addDefault = !noDefaultPolicy && !role.DisallowedPolicies.Contains(PolicyNames.Default);
            chosen = requested.Count > 0 ? PolicyNames.Sanitize(requested, addDefault) : [];
            if (role.AllowedPolicies.Count > 0 || role.AllowedPoliciesGlob.Count > 0)
            {
                var allowed = PolicyNames.Sanitize(role.AllowedPolicies, addDefault);
                if (chosen.Count == 0)
                {
                    chosen = allowed;
                }
                else if (chosen.FirstOrDefault(p => !allowed.Contains(p) && !PolicyGlob.MatchesAny(role.AllowedPoliciesGlob, p)) is { } outside)
                {
                    throw CofferError.BadRequest($"token policy \"{outside}\" is not allowed by this role");
                }
            }
            else if (chosen.Count == 0)
            {
                chosen = PolicyNames.Sanitize(parent.Policies, addDefault);
            }
            if (chosen.FirstOrDefault(p => role.DisallowedPolicies.Contains(p) || PolicyGlob.MatchesAny(role.DisallowedPoliciesGlob, p)) is { } banned)
            {
                throw CofferError.BadRequest($"token policy \"{banned}\" is disallowed by this role");
            }
        }
        else if (requested.Count == 0)
        {
            chosen = PolicyNames.Sanitize(parent.Policies, false);
        }
        else if (!isSudo)
        {
            var asked = PolicyNames.Sanitize(requested, false);
            var held = PolicyNames.Sanitize(parent.Policies, false);
            if (asked.Any(p => !held.Contains(p)))
            {
                throw CofferError.BadRequest("child policies must be subset of parent");
            }
            chosen = PolicyNames.Sanitize(asked, !noDefaultPolicy && parent.Policies.Contains(PolicyNames.Default));
        }
        else
        {
            chosen = PolicyNames.Sanitize(requested, !noDefaultPolicy);
        }
        if (noDefaultPolicy)
        {
            chosen.Remove(PolicyNames.Default);
        }
        return chosen;
    }

    private static TokenType ResolveType(string requested, TokenRole? role)
    {
        switch (role?.TokenType)
        {
            case TokenRole.TypeService:
                requested = TokenRole.TypeService;
                break;
            case TokenRole.TypeBatch:
                requested = TokenRole.TypeBatch;
                break;
            case TokenRole.TypeDefaultBatch when requested.Length == 0:
                requested = TokenRole.TypeBatch;
                break;
        }
        return requested switch
        {
            "" or TokenRole.TypeService => TokenType.Service,
            TokenRole.TypeBatch => TokenType.Batch,
            _ => throw CofferError.BadRequest("invalid 'token_type' value"),
        };
    }

    private async Task WarnAboutMissingPoliciesAsync(IEnumerable<string> policies, List<string> warnings, CancellationToken cancellationToken)
    {
        if (options.PolicyExists is null)
        {
            return;
        }
        foreach (var policy in policies.Where(p => p is not (PolicyNames.Root or PolicyNames.Default)))
        {
            if (!await options.PolicyExists(policy, cancellationToken))
            {
                warnings.Add($"Policy \"{policy}\" does not exist");
            }
        }
    }

    /// <summary>Vault shows created tokens as <c>token-&lt;name&gt;</c>, keeping only letters, digits and dashes.</summary>
    private static string DisplayName(string requested)
    {
        if (requested.Length == 0)
        {
            return "token";
        }
        return NotDisplayable().Replace("token-" + requested, "-").TrimEnd('-');
    }

    private static long Lesser(long requested, long fromRole, List<string> warnings, Func<long, string> warning)
    {
        if (fromRole == 0)
        {
            return requested;
        }
        if (requested == 0)
        {
            return fromRole;
        }
        var lesser = Math.Min(requested, fromRole);
        warnings.Add(warning(lesser));
        return lesser;
    }

    private static long NonNegative(long? value, string message) =>
        value is < 0 ? throw CofferError.BadRequest(message) : value ?? 0;

    [GeneratedRegex("[^a-zA-Z0-9-]")]
    private static partial Regex NotDisplayable();
}
