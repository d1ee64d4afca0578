using System.Security.Cryptography;
using System.Text;

namespace Coffer.Core.Engines.Database;

/// <summary>Usernames and passwords for the accounts the engine creates, in the shapes Vault's PostgreSQL plugin uses.</summary>
public static class DatabaseCredentials
{
    private const string Alphanumerics = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    /// <summary>PostgreSQL truncates identifiers longer than this (NAMEDATALEN - 1).</summary>
    public const int MaxUsernameLength = 63;

    /// <summary>
    /// <c>v-&lt;display name, 8&gt;-&lt;role, 8&gt;-&lt;20 random&gt;-&lt;unix seconds&gt;</c>, cut to 63 characters: who asked
    /// and for which role stays readable in <c>pg_roles</c>, and the random part keeps names unique.
    /// </summary>
    public static string Username(string displayName, string roleName, DateTimeOffset now)
    {
        var name = $"v-{Truncate(displayName, 8)}-{Truncate(roleName, 8)}-{Random(20)}-{now.ToUnixTimeSeconds()}";
        return Truncate(name, MaxUsernameLength);
    }

    /// <summary>
    /// 20 characters from letters, digits and '-', with at least one of each kind (Vault's default password policy).
    /// Never contains a quote, so it is safe inside <c>PASSWORD '{{password}}'</c>.
    /// </summary>
    public static string Password()
    {
        var chars = new char[20];
        chars[0] = Pick("abcdefghijklmnopqrstuvwxyz");
        chars[1] = Pick("ABCDEFGHIJKLMNOPQRSTUVWXYZ");
        chars[2] = Pick("0123456789");
        chars[3] = '-';
        for (var i = 4; i < chars.Length; i++)
        {
            chars[i] = Pick(Alphanumerics + "-");
        }
        RandomNumberGenerator.Shuffle(chars.AsSpan());
        return new string(chars);
    }

    public static string Random(int length)
    {
        var builder = new StringBuilder(length);
        for (var i = 0; i < length; i++)
        {
            builder.Append(Pick(Alphanumerics));
        }
        return builder.ToString();
    }

    private static char Pick(string alphabet) => alphabet[RandomNumberGenerator.GetInt32(alphabet.Length)];

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];
}
