using Coffer.Core.Routing;

namespace Coffer.Core.Access;

/// <summary>
/// Turns what an auth method decided at login (<see cref="LoginAuth"/>) into a token: always an orphan, named after
/// the mount (<c>userpass-alice</c>), with the method's TTLs bounded by the mount's.
/// </summary>
internal static class LoginTokenSpec
{
    public static (TokenSpec Spec, IReadOnlyList<string> Warnings) Build(LoginAuth login, string mountPath, string requestPath,
        string namespaceId, long defaultTtl, long maxTtl, DateTimeOffset now)
    {
        var policies = PolicyNames.Sanitize(login.Policies, !login.NoDefaultPolicy);
        if (login.NoDefaultPolicy)
        {
            policies.Remove(PolicyNames.Default);
        }
        if (policies.Contains(PolicyNames.Root))
        {
            throw CofferError.BadRequest("auth methods cannot create root tokens");
        }
        PolicyNames.RejectNonAssignable(policies);

        var type = login.TokenType switch
        {
            "" or "default" or TokenRole.TypeService or TokenRole.TypeDefaultService => TokenType.Service,
            TokenRole.TypeBatch or TokenRole.TypeDefaultBatch => TokenType.Batch,
            _ => throw CofferError.BadRequest($"invalid 'token_type' value \"{login.TokenType}\""),
        };
        var batch = type == TokenType.Batch;
        var period = batch ? 0 : login.PeriodSeconds;
        var explicitMax = batch ? 0 : login.ExplicitMaxTtlSeconds;
        var grant = TokenTtl.Calculate(now, now, 0, login.TtlSeconds, period, login.MaxTtlSeconds, explicitMax, defaultTtl, maxTtl);

        var spec = new TokenSpec
        {
            Type = type,
            Policies = policies,
            Meta = login.Metadata.Count > 0 ? new Dictionary<string, string>(login.Metadata) : null,
            DisplayName = DisplayName(mountPath, login.DisplayName),
            Path = requestPath,
            NamespaceId = namespaceId,
            TtlSeconds = grant.TtlSeconds,
            ExplicitMaxTtlSeconds = explicitMax,
            PeriodSeconds = period,
            MaxTtlSeconds = login.MaxTtlSeconds > 0 && login.MaxTtlSeconds < maxTtl ? login.MaxTtlSeconds : maxTtl,
            NumUses = batch ? 0 : Math.Max(0, login.NumUses),
            Renewable = !batch && login.Renewable,
            BoundCidrs = BoundCidrs.Parse(login.BoundCidrs),
        };
        return (spec, grant.Warnings);
    }

    /// <summary><c>auth/userpass/</c> and <c>alice</c> give <c>userpass-alice</c>, as Vault prefixes the mount.</summary>
    private static string DisplayName(string mountPath, string name)
    {
        var source = mountPath.StartsWith("auth/", StringComparison.Ordinal) ? mountPath["auth/".Length..] : mountPath;
        source = source.Replace('/', '-').Trim('-');
        return name.Length == 0 ? source : source.Length == 0 ? name : source + "-" + name;
    }
}
