using System.Security.Cryptography;
using System.Text;

namespace Coffer.Core.Seal;

/// <summary>
/// How a generated token travels back in OTP mode: base64 (unpadded, as Vault's CLI decodes it) of the token's bytes
/// XOR-ed with the one-time password's bytes. Both must be the same length; the OTP alone decodes the token.
/// </summary>
public static class OtpTokenEncoding
{
    private const string Base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    /// <summary>A fresh base62 OTP of <paramref name="length"/> characters, from the system's secure RNG.</summary>
    public static string GenerateOtp(int length) => RandomNumberGenerator.GetString(Base62, length);

    public static string Encode(string token, string otp)
    {
        var tokenBytes = Encoding.UTF8.GetBytes(token);
        var otpBytes = Encoding.UTF8.GetBytes(otp);
        if (tokenBytes.Length != otpBytes.Length)
        {
            throw new ArgumentException("the OTP and the token differ in length", nameof(otp));
        }
        var xored = Xor(tokenBytes, otpBytes);
        CryptographicOperations.ZeroMemory(tokenBytes);
        return Convert.ToBase64String(xored).TrimEnd('=');
    }

    /// <summary>The token inside <paramref name="encoded"/>; padded and unpadded base64 are both accepted.</summary>
    /// <exception cref="FormatException">Not base64, or not the OTP's length.</exception>
    public static string Decode(string encoded, string otp)
    {
        var trimmed = encoded.Trim().TrimEnd('=');
        var padded = trimmed + new string('=', (4 - trimmed.Length % 4) % 4);
        var xored = Convert.FromBase64String(padded);
        var otpBytes = Encoding.UTF8.GetBytes(otp);
        if (xored.Length != otpBytes.Length)
        {
            throw new FormatException($"the encoded token is {xored.Length} bytes long but the OTP is {otpBytes.Length}");
        }
        return Encoding.UTF8.GetString(Xor(xored, otpBytes));
    }

    private static byte[] Xor(byte[] left, byte[] right)
    {
        var result = new byte[left.Length];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = (byte)(left[i] ^ right[i]);
        }
        return result;
    }
}
