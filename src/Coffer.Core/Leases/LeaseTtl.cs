namespace Coffer.Core.Leases;

/// <summary>
/// The lifetime rules of a lease (spec/vault-api.md §7): the engine's TTL, else the mount's default, else the
/// system's; never longer than the smallest of the engine's, the mount's (else the system's) max TTL, counted from
/// the original issue time.
/// </summary>
/// <param name="MountDefaultSeconds">The mount's tuned default TTL; 0 means the system's.</param>
/// <param name="MountMaxSeconds">The mount's tuned max TTL; 0 means the system's.</param>
internal readonly record struct LeaseTtl(long MountDefaultSeconds, long MountMaxSeconds, long SystemDefaultSeconds, long SystemMaxSeconds)
{
    public long DefaultSeconds => MountDefaultSeconds > 0 ? MountDefaultSeconds : SystemDefaultSeconds;

    /// <summary>The mount's (else the system's) max, narrowed by the engine's own max when that is smaller.</summary>
    public long MaxSeconds(long engineMaxSeconds)
    {
        var max = MountMaxSeconds > 0 ? MountMaxSeconds : SystemMaxSeconds;
        return engineMaxSeconds > 0 && engineMaxSeconds < max ? engineMaxSeconds : max;
    }

    /// <summary>The TTL of a new lease: the engine's (else the default), capped by the max.</summary>
    public long ForIssue(long engineTtlSeconds, long engineMaxSeconds)
    {
        var ttl = engineTtlSeconds > 0 ? engineTtlSeconds : DefaultSeconds;
        return Math.Min(ttl, MaxSeconds(engineMaxSeconds));
    }

    /// <summary>
    /// The TTL of a renewal from <paramref name="now"/>: the increment asked for, else the engine's TTL, else the
    /// default; cut to what is left before issue time plus the max TTL, with Vault's warning when it is cut.
    /// </summary>
    /// <exception cref="CofferError">400 when the lease has already used up its max TTL.</exception>
    public (long Seconds, string? Warning) ForRenewal(DateTimeOffset now, DateTimeOffset issueTime, long incrementSeconds,
        long engineTtlSeconds, long engineMaxSeconds)
    {
        var ttl = incrementSeconds > 0 ? incrementSeconds : engineTtlSeconds > 0 ? engineTtlSeconds : DefaultSeconds;
        var left = (long)Math.Floor((issueTime.AddSeconds(MaxSeconds(engineMaxSeconds)) - now).TotalSeconds);
        if (left <= 0)
        {
            throw CofferError.BadRequest("past the max TTL, cannot renew");
        }
        if (ttl <= left)
        {
            return (ttl, null);
        }
        return (left, $"TTL of \"{Access.GoDurationText.Format(ttl)}\" exceeded the effective max_ttl of \"{Access.GoDurationText.Format(left)}\"; TTL value is capped accordingly");
    }
}
