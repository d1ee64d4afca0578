namespace Coffer.Core;

public static class CofferVersion
{
    public const string Version = "0.1.0";
    public const string BuildDate = "2026-11-22T00:00:00Z";
}
