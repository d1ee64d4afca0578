using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Coffer.Core.Replication.Roles;

/// <summary>
/// The DR activation token: a compact JWS signed with ES512 (spec/replication.md §7.1) by the primary's signing
/// key. The signature is the JWS form (r‖s, RFC 7518 §3.4), so any JOSE library can check it.
/// </summary>
public static class ActivationToken
{
    private static readonly string Header = Base64Url("""{"alg":"ES512","typ":"JWT"}"""u8.ToArray());

    /// <summary>Signs <paramref name="claims"/> with the PKCS#8 P-521 key <paramref name="signingKey"/>.</summary>
    public static string Mint(JsonObject claims, byte[] signingKey)
    {
        using var key = ECDsa.Create();
        key.ImportPkcs8PrivateKey(signingKey, out _);
        var signingInput = Header + "." + Base64Url(JsonSerializer.SerializeToUtf8Bytes(claims));
        var signature = key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA512, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return signingInput + "." + Base64Url(signature);
    }

    /// <summary>The claims of a token whose ES512 signature verifies with <paramref name="signingKey"/> and that has not expired; else null.</summary>
    public static JsonObject? Verify(string token, byte[] signingKey, DateTimeOffset now)
    {
        var parts = token.Split('.');
        if (parts.Length != 3 || parts[0] != Header)
        {
            return null;
        }
        try
        {
            using var key = ECDsa.Create();
            key.ImportPkcs8PrivateKey(signingKey, out _);
            var valid = key.VerifyData(Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), FromBase64Url(parts[2]),
                HashAlgorithmName.SHA512, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
            if (!valid)
            {
                return null;
            }
            var claims = JsonNode.Parse(FromBase64Url(parts[1]))!.AsObject();
            return claims["exp"]?.GetValue<long>() is { } exp && exp > now.ToUnixTimeSeconds() ? claims : null;
        }
        catch (Exception e) when (e is FormatException or JsonException or InvalidOperationException or CryptographicException)
        {
            return null;
        }
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[] FromBase64Url(string text)
    {
        var padded = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(padded + new string('=', (4 - padded.Length % 4) % 4));
    }
}
