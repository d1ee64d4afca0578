using System.Globalization;

namespace Coffer.Core.Engines.Kv;

/// <summary>Timestamps as Go's RFC3339Nano prints them (UTC, trailing fractional zeros trimmed), as Vault returns them.</summary>
internal static class KvV2Time
{
    public static string Format(DateTimeOffset time)
    {
        var utc = time.UtcDateTime;
        var fraction = utc.ToString("fffffff", CultureInfo.InvariantCulture).TrimEnd('0');
        var seconds = utc.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
        return fraction.Length == 0 ? seconds + "Z" : $"{seconds}.{fraction}Z";
    }
}
