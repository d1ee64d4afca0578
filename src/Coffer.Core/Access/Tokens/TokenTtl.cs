namespace Coffer.Core.Access;

/// <summary>
/// The TTL a token gets at creation or renewal (spec/vault-api.md §4.5): periodic tokens get their period, others
/// the increment or their own TTL or the default, and nothing may run past the smallest applicable maximum counted
/// from the token's creation.
/// </summary>
public static class TokenTtl
{
    public sealed record Grant(long TtlSeconds, IReadOnlyList<string> Warnings);

    /// <param name="now">The current time.</param>
    /// <param name="start">When the token was created; maxima count from here.</param>
    /// <param name="increment">Requested TTL of a renewal (0: none).</param>
    /// <param name="tokenTtl">The token's own TTL (0: use <paramref name="defaultTtl"/>).</param>
    /// <param name="period">Period of a periodic token (0: not periodic).</param>
    /// <param name="backendMaxTtl">Maximum of the issuing auth method or role (0: none).</param>
    /// <param name="explicitMaxTtl">The token's hard cap (0: none).</param>
    /// <param name="defaultTtl">Mount or system default TTL.</param>
    /// <param name="maxTtl">Mount or system maximum TTL.</param>
    public static Grant Calculate(DateTimeOffset now, DateTimeOffset start, long increment, long tokenTtl, long period,
        long backendMaxTtl, long explicitMaxTtl, long defaultTtl, long maxTtl)
    {
        now = TokenTime.TruncateToSeconds(now);
        start = TokenTime.TruncateToSeconds(start);
        var warnings = new List<string>();
        var effectiveMax = maxTtl;
        if (backendMaxTtl > 0 && (effectiveMax <= 0 || backendMaxTtl < effectiveMax))
        {
            effectiveMax = backendMaxTtl;
        }
        if (explicitMaxTtl > 0 && (effectiveMax <= 0 || explicitMaxTtl < effectiveMax))
        {
            effectiveMax = explicitMaxTtl;
        }
        if (effectiveMax <= 0)
        {
            throw CofferError.BadRequest("max TTL must be greater than zero");
        }

        long ttl;
        DateTimeOffset? validUntil = null;
        if (period > 0)
        {
            if (period > effectiveMax)
            {
                warnings.Add($"period of \"{GoDurationText.Format(period)}\" exceeded the effective max_ttl of \"{GoDurationText.Format(effectiveMax)}\"; period value is capped accordingly");
                period = effectiveMax;
            }
            ttl = period;
            if (explicitMaxTtl > 0)
            {
                validUntil = start.AddSeconds(explicitMaxTtl);
            }
        }
        else
        {
            ttl = increment > 0 ? increment : tokenTtl > 0 ? tokenTtl : defaultTtl;
            validUntil = start.AddSeconds(effectiveMax);
        }

        if (validUntil is { } limit)
        {
            var remaining = (long)(limit - now).TotalSeconds;
            if (remaining <= 0)
            {
                throw CofferError.BadRequest("past the max TTL, cannot renew");
            }
            if (ttl > remaining)
            {
                warnings.Add($"TTL of \"{GoDurationText.Format(ttl)}\" exceeded the effective max_ttl of \"{GoDurationText.Format(remaining)}\"; TTL value is capped accordingly");
                ttl = remaining;
            }
        }
        return new Grant(ttl, warnings);
    }
}
