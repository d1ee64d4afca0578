namespace Coffer.Core.Access;

/// <summary>
/// Service tokens ordered by when they must be looked at again. A renewal simply adds a later item; the stale
/// one is recognised when it comes due because the stored entry no longer says it has expired.
/// </summary>
internal sealed class ExpiryQueue : DeadlineQueue<ExpiryItem>
{
    public void Add(string hashedId, DateTimeOffset due, ExpiryReason reason) => Add(new ExpiryItem(hashedId, due, reason), due);
}

internal enum ExpiryReason
{
    /// <summary>The token's TTL ends.</summary>
    Expiry,

    /// <summary>Its last use was handed out; revoke it if the request that used it never reported back.</summary>
    UsesExhausted,

    /// <summary>A revocation was started and must be finished (found at load).</summary>
    PendingRevocation,
}

internal sealed record ExpiryItem(string HashedId, DateTimeOffset Due, ExpiryReason Reason);
