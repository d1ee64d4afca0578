using System.Globalization;

namespace Coffer.Core.Audit;

/// <summary>Timestamps as Vault writes them (Go's RFC 3339 with nanoseconds, trailing zeros dropped), always UTC.</summary>
internal static class AuditTime
{
    public static string Format(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);
}
