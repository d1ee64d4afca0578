using System.Security.Cryptography;

namespace Coffer.Core.Access;

/// <summary>Random identifiers in Vault's shapes: <c>hvs.</c> + 24 base62 characters for service tokens.</summary>
public static class TokenGenerator
{
    public const string ServicePrefix = "hvs.";
    public const string BatchPrefix = "hvb.";

    private const string Base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    public static string ServiceToken() => ServicePrefix + RandomBase62(24);

    public static string Accessor() => RandomBase62(24);

    public static string RandomBase62(int length) => RandomNumberGenerator.GetString(Base62, length);
}
