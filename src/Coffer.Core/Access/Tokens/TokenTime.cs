using System.Globalization;

namespace Coffer.Core.Access;

/// <summary>Token times: whole seconds (TTLs are counted in seconds) and Go's RFC 3339 rendering for lookups.</summary>
internal static class TokenTime
{
    public static DateTimeOffset TruncateToSeconds(DateTimeOffset time) =>
        DateTimeOffset.FromUnixTimeSeconds(time.ToUnixTimeSeconds());

    /// <summary>Like Go's RFC3339Nano: UTC with a <c>Z</c>, fraction only when there is one, trailing zeros dropped.</summary>
    public static string Rfc3339(DateTimeOffset time)
    {
        var utc = time.UtcDateTime;
        var text = utc.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff", CultureInfo.InvariantCulture).TrimEnd('0').TrimEnd('.');
        return text + "Z";
    }
}
